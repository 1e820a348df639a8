/// What a statement that returns no rows reports.
public struct MySQLExecuteResult: Sendable, Hashable {
    /// Rows matched by an `UPDATE` (found rows, as JDBC reports them, not only the changed ones),
    /// inserted or deleted.
    public var affectedRows: UInt64
    /// The `AUTO_INCREMENT` value of the last inserted row, or the value set by `LAST_INSERT_ID(expr)`;
    /// 0 if neither happened.
    public var lastInsertID: UInt64

    /// Makes a result.
    public init(affectedRows: UInt64, lastInsertID: UInt64) {
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
    }
}
