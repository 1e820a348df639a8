/// One connection inside a transaction, for repository SQL written once for both dialects.
protocol DatabaseSession: Sendable {
    /// Runs a statement; returns the affected (matched) rows.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int
    /// Runs a query and reads all rows.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension DatabaseSession {
    @discardableResult
    func execute(_ sql: String) async throws -> Int { try await execute(sql, []) }
}

/// How a transaction should lock.
enum TransactionKind: Sendable {
    /// Reads only: a consistent snapshot.
    case read
    /// One query that needs no snapshot across statements: on MySQL it runs without BEGIN and COMMIT (a
    /// statement in autocommit mode is its own consistent read), saving two round trips.
    case singleRead
    /// Writes.
    case write
    /// Writes that take row locks before deciding (the launch): MySQL runs it at READ COMMITTED so a
    /// lookup of a missing row takes no gap lock, and the unique key decides between racing creators.
    case lockingWrite
}

/// How the retry loop should treat a driver error.
enum DriverErrorKind: Sendable {
    /// Deadlock, lock wait timeout, a Galera node not ready, a lost connection (not during COMMIT), busy: run
    /// the whole transaction again.
    case transient
    /// A unique or primary key already holds the value.
    case duplicateKey
    /// Anything else.
    case permanent
}

/// A database backend: runs one attempt of a transaction and hands out sequence values.
protocol DatabaseDriver: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in one transaction attempt: commit on return, roll back on throw.
    func attempt<T: Sendable>(_ kind: TransactionKind, _ body: (any DatabaseSession) async throws -> T) async throws -> T
    /// Runs statements one by one outside any transaction (DDL).
    func runStatements(_ statements: [String], ignoringDuplicateKeys: Bool) async throws
    /// Advances a Spring sequence table by `count` values at once and returns the last of them: the caller
    /// owns `last - count + 1 ... last`.
    func nextValues(of sequenceTable: String, count: Int, in session: any DatabaseSession) async throws -> Int64
    /// How the retry loop treats `error`.
    func classify(_ error: any Error) -> DriverErrorKind
    /// Releases every connection.
    func close() async
}
