/// What ``SQLiteConnection/execute(_:_:)`` reports about a statement that ran.
public struct SQLiteExecuteResult: Sendable, Hashable {
    /// Rows inserted, updated or deleted by the statement itself (not by triggers); 0 for a statement
    /// that does not write.
    public var changes: Int
    /// The rowid of the most recent successful `INSERT` on this connection (`sqlite3_last_insert_rowid`),
    /// which is an earlier insert's when this statement inserted nothing; 0 when there was none.
    public var lastInsertRowID: Int64

    /// Makes a result.
    public init(changes: Int, lastInsertRowID: Int64) {
        self.changes = changes
        self.lastInsertRowID = lastInsertRowID
    }
}
