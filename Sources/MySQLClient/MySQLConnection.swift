internal import CMariaDB
import Foundation
import Synchronization
import ThreadExecutor

/// Numbers the connections' threads ("mysql-1", "mysql-2", …) for debuggers and `top -H`.
private let connectionNumbers = Atomic<Int>(0)

/// One connection to a MySQL or MariaDB server.
///
/// Every blocking C call runs on this connection's own OS thread (the actor's executor is a
/// ``ThreadExecutor``), never on Swift's cooperative pool. Prepared statements are cached per SQL
/// text, so running the same SQL again costs one round trip.
///
/// A connection runs one statement at a time; use one per task, or lease them from a
/// ``MySQLConnectionPool``.
///
/// ```swift
/// let connection = try await MySQLConnection.connect(configuration: configuration)
/// let inserted = try await connection.execute("INSERT INTO t (name) VALUES (?)", ["ada"])
/// let rows = try await connection.query("SELECT id, name FROM t WHERE id = ?", [.int64(Int64(inserted.lastInsertID))])
/// let name = try rows[0].string("name")
/// await connection.close()
/// ```
public actor MySQLConnection {
    private let executor: ThreadExecutor
    private var handle: MySQLHandle?
    private var statements: [String: MySQLStatement] = [:]
    private let statementCacheLimit = 128

    /// The server's id for this connection (`CONNECTION_ID()`); pass it to `KILL` from another connection.
    public private(set) var serverConnectionID: UInt64 = 0

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// This connection's thread as a task executor: run a transaction's code under
    /// `withTaskExecutorPreference(connection.taskExecutor)` and its calls to this connection stay on the
    /// connection's thread, with no hop to the cooperative pool and back between statements.
    public nonisolated var taskExecutor: any TaskExecutor { executor }

    private init(executor: ThreadExecutor) {
        self.executor = executor
    }

    deinit {
        // The statements and the handle close themselves in their own deinit, right after this.
        executor.shutdown()
    }

    /// Opens a connection.
    /// - Parameter configuration: server, credentials, database, TLS and timeouts.
    /// - Returns: the open connection.
    /// - Throws: ``MySQLError``: `.accessDenied` (1045) for wrong credentials, `.connectionFailed` when no
    ///   server answers, `.unknownDatabase`, `.tlsUnavailable`, `.tlsFailure`.
    public static func connect(configuration: MySQLConfiguration) async throws(MySQLError) -> MySQLConnection {
        let number = connectionNumbers.add(1, ordering: .relaxed).newValue
        let executor = ThreadExecutor(name: "mysql-\(number)")
        let connection = MySQLConnection(executor: executor)
        do {
            try await connection.open(configuration)
        } catch {
            executor.shutdown()
            throw error
        }
        return connection
    }

    private func open(_ configuration: MySQLConfiguration) throws(MySQLError) {
        let handle = try MySQLHandle(configuration: configuration)
        self.handle = handle
        serverConnectionID = handle.serverConnectionID
    }

    private func liveHandle(_ operation: MySQLError.Operation) throws(MySQLError) -> MySQLHandle {
        guard let handle else { throw MySQLError(code: .connectionClosed, operation: operation) }
        _ = try handle.live(operation)
        return handle
    }

    /// Whether the connection can still be used: not closed, and no error said it was lost.
    /// It does not ask the server; ``ping()`` does.
    public var isUsable: Bool {
        guard let handle else { return false }
        return handle.mysql != nil && !handle.isBroken
    }

    /// Whether a transaction is open, as the server last reported.
    public var isInTransaction: Bool { handle?.isInTransaction ?? false }

    /// The TLS cipher in use, or `nil` for an unencrypted connection.
    public var tlsCipher: String? { handle?.tlsCipher }

    // MARK: Statements

    /// Runs a statement that returns no rows (`INSERT`, `UPDATE`, `DELETE`, DDL) as a prepared statement.
    /// - Parameters:
    ///   - sql: the statement, with `?` for each value.
    ///   - binds: one value per `?`, in order.
    /// - Returns: affected (matched) rows and the last insert id.
    /// - Throws: ``MySQLError`` with the server's number and SQLSTATE (e.g. `.duplicateKey`, `.deadlock`).
    @discardableResult
    public func execute(_ sql: String, _ binds: [MySQLValue] = []) throws(MySQLError) -> MySQLExecuteResult {
        try withStatement(sql) { statement throws(MySQLError) in try statement.execute(binds) }
    }

    /// Runs one prepared statement once per row of values, all on the connection's thread (one
    /// hop for the whole batch instead of one per row). Wrap it in a transaction for speed and atomicity.
    /// - Parameters:
    ///   - sql: the statement, with `?` for each value.
    ///   - rows: the values for each execution.
    /// - Returns: the sum of the affected rows.
    /// - Throws: the first ``MySQLError``; earlier rows stay executed (roll back the transaction).
    @discardableResult
    public func executeMany(_ sql: String, _ rows: [[MySQLValue]]) throws(MySQLError) -> UInt64 {
        try withStatement(sql) { statement throws(MySQLError) in
            var affected: UInt64 = 0
            for binds in rows { affected += try statement.execute(binds).affectedRows }
            return affected
        }
    }

    /// Runs a query as a prepared statement and reads all its rows.
    /// - Parameters:
    ///   - sql: the query, with `?` for each value.
    ///   - binds: one value per `?`, in order.
    /// - Returns: the rows, in the server's order.
    /// - Throws: ``MySQLError``.
    public func query(_ sql: String, _ binds: [MySQLValue] = []) throws(MySQLError) -> [MySQLRow] {
        try withStatement(sql) { statement throws(MySQLError) in try statement.query(binds) }
    }

    /// Runs SQL through the text protocol, without preparing it: for the few statements the server
    /// cannot prepare, and for session commands. Rows it returns are discarded.
    /// - Parameter sql: the statement; never splice untrusted values into it.
    /// - Returns: the affected row count.
    /// - Throws: ``MySQLError``.
    @discardableResult
    public func executeUnprepared(_ sql: String) throws(MySQLError) -> UInt64 {
        let handle = try liveHandle(.execute)
        let mysql = try handle.live(.execute)
        let failed = sql.withCString { text in mysql_real_query(mysql, text, UInt(strlen(text))) != 0 }
        try handle.check(failed, .execute)
        let affected = mysql_affected_rows(mysql)
        if let result = mysql_store_result(mysql) {
            mysql_free_result(result)
        } else {
            try handle.check(mysql_field_count(mysql) != 0, .fetch)
        }
        return affected == ~0 ? 0 : affected
    }

    /// Asks the server whether the connection still works.
    /// - Throws: `.connectionLost` (and the connection becomes unusable) if it does not.
    public func ping() throws(MySQLError) {
        let handle = try liveHandle(.ping)
        let mysql = try handle.live(.ping)
        try handle.check(mysql_ping(mysql) != 0, .ping)
    }

    /// Closes the connection and its statements, and ends its thread. Safe to call twice.
    public func close() {
        for statement in statements.values { statement.close() }
        statements.removeAll()
        handle?.close()
        handle = nil
        executor.shutdown()
    }

    private func withStatement<R>(
        _ sql: String,
        _ body: (MySQLStatement) throws(MySQLError) -> R
    ) throws(MySQLError) -> R {
        let handle = try liveHandle(.prepare)
        let statement: MySQLStatement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try MySQLStatement(sql: sql, handle: handle)
            if statements.count >= statementCacheLimit, let victim = statements.keys.first {
                statements.removeValue(forKey: victim)?.close()
            }
            statements[sql] = statement
        }
        do {
            return try body(statement)
        } catch {
            if error.number == 1615 {  // ER_NEED_REPREPARE: the table changed under the statement.
                statements.removeValue(forKey: sql)?.close()
            }
            throw error
        }
    }
}
