import Foundation
import SQLiteClient

/// The SQLite backend: one file, a few connections, writers serialised by `BEGIN IMMEDIATE`.
///
/// Sequence values are taken inside the caller's write transaction (`UPDATE … SET ID = ID + 1`, then a
/// read): the transaction already holds SQLite's single write lock, so nothing can interleave.
final class SQLiteDriver: DatabaseDriver {
    let dialect = SQLDialect.sqlite
    private let pool: SQLiteConnectionPool
    private let writers = SQLiteWriterQueue()

    init(path: String, maxConnections: Int) {
        pool = SQLiteConnectionPool(path: path, configuration: SQLiteConfiguration(), maxConnections: maxConnections)
    }

    struct Session: DatabaseSession {
        let connection: SQLiteConnection

        func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
            try await connection.execute(sql, binds.map(Self.bind)).changes
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            let rows = try await connection.query(sql, binds.map(Self.bind))
            guard let first = rows.first else { return [] }
            let index = SQLRow.columnIndex(first.columns.names)
            return rows.map { row in SQLRow(index: index, values: row.values.map(Self.read)) }
        }

        static func bind(_ value: SQLValue) -> SQLiteValue {
            switch value {
            case .null: .null
            case .int(let number): .integer(number)
            case .double(let number): .double(number)
            case .text(let text): .text(text)
            case .wallClock(let dateTime): .text(WallClockCodec.text(dateTime))
            case .instant(let date): .date(date)
            }
        }

        static func read(_ value: SQLiteValue) -> SQLRow.Value {
            switch value {
            case .null: .null
            case .integer(let number): .int(number)
            case .double(let number): .double(number)
            case .text(let text): .text(text)
            case .blob(let bytes): .text(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    func attempt<T: Sendable>(
        _ kind: TransactionKind, _ body: (any DatabaseSession) async throws -> T
    ) async throws -> T {
        guard kind != .read && kind != .singleRead else {
            return try await transaction(.deferred) { try await body(Session(connection: $0)) }
        }
        return try await inWriterTurn {
            try await transaction(.immediate) { try await body(Session(connection: $0)) }
        }
    }

    func runStatements(_ statements: [String], ignoringDuplicateKeys: Bool) async throws {
        try await inWriterTurn {
            try await transaction(.immediate) { connection in
                for statement in statements { try await connection.execute(statement) }
            }
        }
    }

    /// Runs `work` in this process's turn to write (see ``SQLiteWriterQueue``).
    private func inWriterTurn<T>(_ work: () async throws -> T) async throws -> T {
        await writers.enter()
        do {
            let result = try await work()
            await writers.leave()
            return result
        } catch {
            await writers.leave()
            throw error
        }
    }

    /// Leases a connection and runs `work` in one transaction on it.
    private func transaction<T: Sendable>(
        _ mode: SQLiteTransactionMode, _ work: (SQLiteConnection) async throws -> T
    ) async throws -> T {
        let connection = try await pool.lease()
        do {
            // The transaction's code runs on the connection's thread: no hop to the pool between statements
            // while this process's write turn (or the read snapshot) is held.
            let result = try await withTaskExecutorPreference(connection.taskExecutor) {
                try await connection.begin(mode: mode)
                let result = try await work(connection)
                try await connection.commit()
                return result
            }
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    func nextValues(of sequenceTable: String, count: Int, in session: any DatabaseSession) async throws -> Int64 {
        let changed = try await session.execute("UPDATE \(sequenceTable) SET ID = ID + \(max(1, count))", [])
        guard changed == 1 else {
            throw StoreError(
                .schemaMismatch,
                "the sequence table \(sequenceTable) does not hold exactly one row; run `batchwire db init` to seed it")
        }
        let rows = try await session.query("SELECT ID FROM \(sequenceTable)", [])
        return try rows[0].int("ID")
    }

    func classify(_ error: any Error) -> DriverErrorKind {
        guard let error = error as? SQLiteError else { return .permanent }
        if error.kind == .busy || error.kind == .locked { return .transient }
        if error.kind == .constraintUnique { return .duplicateKey }
        return .permanent
    }

    func close() async {
        await pool.close()
    }
}
