extension SQLDialect {
    /// What a multi-row `UPDATE` or `DELETE … WHERE <key> IN (…)` appends so that the server reaches the rows
    /// through the primary key alone.
    ///
    /// MariaDB plans `WHERE pk IN (…)` with many values on a small table (the execution leases: only the
    /// running executions) as a full scan, and a locking scan waits on every row another transaction holds,
    /// even rows it would not change: two groups that each inserted leases and then release others' leases
    /// deadlocked on each other's new rows. Ordered by the key with a `LIMIT`, the same statement is a range
    /// on the primary key (seen with `EXPLAIN`: `ALL` became `range`). SQLite has one writer and needs nothing.
    /// - Parameters:
    ///   - key: the primary-key column the statement filters on.
    ///   - rows: how many keys the statement lists (the most rows it may touch).
    func keyRangeSuffix(key: String, rows: Int) -> String {
        switch self {
        case .mysql: " ORDER BY \(key) LIMIT \(rows)"
        case .sqlite: ""
        }
    }
}
