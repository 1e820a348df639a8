internal import CSQLite3
import Foundation

/// The open `sqlite3*` and its statement cache: every C call on a connection goes through here.
///
/// Not `Sendable`, and no need: one ``SQLiteConnection`` actor owns each handle, so all calls come
/// from that actor's dedicated thread, one at a time (the connection is opened `SQLITE_OPEN_NOMUTEX`
/// for exactly that reason). Only ``SQLiteInterrupter`` touches the pointer from elsewhere.
final class SQLiteHandle {
    private var db: OpaquePointer?
    private var cache: SQLiteStatementCache

    /// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Opens `path` (creating it unless read-only) and applies `configuration`.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or set up.
    init(path: String, configuration: SQLiteConfiguration) throws {
        cache = SQLiteStatementCache(capacity: configuration.statementCacheCapacity)
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= configuration.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let error = SQLiteError(code: code, db: opened, operation: "open")
            sqlite3_close_v2(opened)
            throw error
        }
        db = opened
        sqlite3_extended_result_codes(opened, 1)
        sqlite3_busy_timeout(opened, configuration.busyTimeoutMilliseconds)
        do {
            try executeScript(configuration.foreignKeys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF")
            if configuration.walMode && !configuration.readOnly {
                // Answers the mode now in force: "wal", or "memory" for an in-memory database.
                _ = try query("PRAGMA journal_mode = WAL", [])
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// The pointer, for ``SQLiteInterrupter``; `nil` once closed.
    var pointer: OpaquePointer? { db }

    /// Whether a transaction is open (`sqlite3_get_autocommit` is 0).
    var isInTransaction: Bool {
        guard let db else { return false }
        return sqlite3_get_autocommit(db) == 0
    }

    /// Finalizes every statement and closes the connection. Idempotent.
    func close() {
        guard let db else { return }
        for statement in cache.removeAll() { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
        self.db = nil
    }

    // MARK: Running statements

    /// Runs one statement to completion, discarding any rows.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLiteValue]) throws -> SQLiteExecuteResult {
        try withStatement(sql, binds) { db, statement in
            while try step(statement, sql) {}
            let changes = sqlite3_stmt_readonly(statement) != 0 ? 0 : Int(sqlite3_changes64(db))
            return SQLiteExecuteResult(changes: changes, lastInsertRowID: sqlite3_last_insert_rowid(db))
        }
    }

    /// Runs one statement and returns all its rows.
    func query(_ sql: String, _ binds: [SQLiteValue]) throws -> [SQLiteRow] {
        try withStatement(sql, binds) { _, statement in
            let count = sqlite3_column_count(statement)
            let columns = SQLiteColumns(names: (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
            let firstLine = SQLiteError.firstLine(of: sql)
            var rows: [SQLiteRow] = []
            while try step(statement, sql) {
                let values = (0..<count).map { column(statement, $0) }
                rows.append(SQLiteRow(columns: columns, values: values, sql: firstLine))
            }
            return rows
        }
    }

    /// Runs every statement of `sql` in order, uncached, without binds.
    func executeScript(_ sql: String) throws {
        let db = try open()
        try sql.withCString { start in
            var cursor = start
            while cursor.pointee != 0 {
                try Task.checkCancellation()
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(db, cursor, -1, &statement, &tail)
                guard code == SQLITE_OK else {
                    try Self.checkCancellation(after: code)
                    throw SQLiteError(code: code, db: db, operation: "prepare", sql: String(cString: cursor))
                }
                guard let tail, tail != cursor else { break }
                defer { cursor = tail }
                // `statement` is nil for a stretch of only whitespace or comments.
                guard let statement else { continue }
                defer { sqlite3_finalize(statement) }
                let text = String(cString: sqlite3_sql(statement))
                while try step(statement, text) {}
            }
        }
    }

    // MARK: Transactions

    /// Begins a transaction.
    /// - Throws: `.misuse` when one is already open (SQLite transactions do not nest).
    func begin(_ mode: SQLiteTransactionMode) throws {
        guard !isInTransaction else {
            throw SQLiteError(
                kind: .misuse,
                resultCode: SQLITE_MISUSE,
                operation: "begin",
                sql: mode.beginSQL,
                sqliteMessage: "a transaction is already open on this connection",
                advice: "Transactions do not nest: do the work inside the open transaction."
            )
        }
        try execute(mode.beginSQL, [])
    }

    /// Commits the open transaction; a cancelled task throws `CancellationError` instead, leaving it open.
    func commit() throws {
        try execute("COMMIT TRANSACTION", [])
    }

    /// Rolls back the open transaction, if any, whatever the task's cancellation state: the statement
    /// is run directly, not through the cancellation check.
    func rollback() throws {
        let db = try open()
        guard isInTransaction else { return }
        let code = sqlite3_exec(db, "ROLLBACK TRANSACTION", nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, db: db, operation: "rollback", sql: "ROLLBACK TRANSACTION")
        }
    }

    // MARK: Internals

    private func open() throws -> OpaquePointer {
        guard let db else { throw SQLiteError.connectionClosed }
        return db
    }

    /// Takes a prepared statement for `sql` (cached or new), binds, runs `body`, then resets it
    /// and returns it to the cache.
    private func withStatement<T>(
        _ sql: String,
        _ binds: [SQLiteValue],
        _ body: (OpaquePointer, OpaquePointer) throws -> T
    ) throws -> T {
        let db = try open()
        try Task.checkCancellation()
        let statement = try cache.take(sql) ?? prepare(db, sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            for unused in cache.put(statement, for: sql) { sqlite3_finalize(unused) }
        }
        try bind(binds, to: statement, sql)
        return try body(db, statement)
    }

    private func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        var extra = false
        let flags = cache.capacity > 0 ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sql.withCString { start in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(db, start, -1, flags, &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0 {
                // Whatever follows must be only whitespace, semicolons or comments: it prepares to nothing.
                var next: OpaquePointer?
                extra = sqlite3_prepare_v2(db, tail, -1, &next, nil) != SQLITE_OK || next != nil
                sqlite3_finalize(next)
            }
            return code
        }
        guard code == SQLITE_OK else {
            try Self.checkCancellation(after: code)
            throw SQLiteError(code: code, db: db, operation: "prepare", sql: sql)
        }
        guard let statement, !extra else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                kind: .misuse,
                resultCode: SQLITE_MISUSE,
                operation: "prepare",
                sql: sql,
                sqliteMessage: statement == nil
                    ? "the SQL holds no statement" : "the SQL holds more than one statement",
                advice: "execute and query run exactly one statement: use executeScript for several."
            )
        }
        return statement
    }

    private func bind(_ binds: [SQLiteValue], to statement: OpaquePointer, _ sql: String) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == binds.count else {
            throw SQLiteError(
                kind: .bindCount,
                resultCode: SQLITE_RANGE,
                operation: "bind",
                sql: sql,
                sqliteMessage: "the statement has \(expected) placeholders but \(binds.count) values were bound"
            )
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let integer):
                code = sqlite3_bind_int64(statement, index, integer)
            case .double(let double):
                code = sqlite3_bind_double(statement, index, double)
            case .text(let text):
                // The byte count is given, so text with NUL characters inside is kept whole.
                code = text.withCString { start in
                    sqlite3_bind_text64(
                        statement,
                        index,
                        start,
                        UInt64(text.utf8.count),
                        Self.transient,
                        UInt8(SQLITE_UTF8)
                    )
                }
            case .blob(let data):
                code = data.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        return sqlite3_bind_zeroblob(statement, index, 0)
                    }
                    return sqlite3_bind_blob64(statement, index, base, UInt64(bytes.count), Self.transient)
                }
            case .null:
                code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else {
                throw SQLiteError(code: code, db: sqlite3_db_handle(statement), operation: "bind", sql: sql)
            }
        }
    }

    /// Steps once: `true` for a row, `false` when done. An interrupt caused by the task's
    /// cancellation is thrown as `CancellationError` (see ``checkCancellation(after:)``).
    private func step(_ statement: OpaquePointer, _ sql: String) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            try Self.checkCancellation(after: code)
            throw SQLiteError(code: code, db: sqlite3_db_handle(statement), operation: "step", sql: sql)
        }
    }

    /// Throws `CancellationError` when `code` is an interrupt and the task was cancelled: the cancellation
    /// handler interrupts the connection, and an interrupt that lands before a statement starts fails its
    /// prepare rather than its step.
    private static func checkCancellation(after code: Int32) throws {
        if code & 0xff == SQLITE_INTERRUPT && Task.isCancelled { throw CancellationError() }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .double(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            // Text first, then its length in bytes, as SQLite's documentation orders the calls.
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(statement, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, index))))
        default:
            return .null
        }
    }
}
