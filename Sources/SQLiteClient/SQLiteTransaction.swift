/// The connection as seen from inside ``SQLiteConnection/withTransaction(mode:_:)``.
///
/// Its methods are synchronous: they run on the connection's thread, inside the transaction. It is
/// not `Sendable` and must not be kept after the closure returns.
public struct SQLiteTransaction {
    private let handle: SQLiteHandle

    init(handle: SQLiteHandle) {
        self.handle = handle
    }

    /// Runs one statement; see ``SQLiteConnection/execute(_:_:)``.
    /// - Throws: ``SQLiteError``, or `CancellationError` when the task was cancelled.
    @discardableResult
    public func execute(_ sql: String, _ binds: [SQLiteValue] = []) throws -> SQLiteExecuteResult {
        try handle.execute(sql, binds)
    }

    /// Runs one statement and returns its rows; see ``SQLiteConnection/query(_:_:)``.
    /// - Throws: ``SQLiteError``, or `CancellationError` when the task was cancelled.
    public func query(_ sql: String, _ binds: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try handle.query(sql, binds)
    }

    /// Runs several statements; see ``SQLiteConnection/executeScript(_:)``.
    /// - Throws: ``SQLiteError``, or `CancellationError` when the task was cancelled.
    public func executeScript(_ sql: String) throws {
        try handle.executeScript(sql)
    }
}

@available(*, unavailable, message: "use a transaction only inside the withTransaction closure")
extension SQLiteTransaction: Sendable {}
