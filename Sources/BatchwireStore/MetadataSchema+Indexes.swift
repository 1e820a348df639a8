/// A plain (non-unique) index Batchwire keeps on one of its side tables, for a query that runs often.
public struct IndexDefinition: Sendable, Hashable {
    /// The index name (prefixed: unique per table on MySQL, per database on SQLite).
    public let name: String
    /// The (prefixed) table.
    public let table: String
    /// The columns, in order.
    public let columns: [String]
    /// On MySQL, how many leading characters of a long text column the index keeps (InnoDB keys hold at most
    /// 3,072 bytes); SQLite indexes whole values.
    public var mysqlPrefixLengths: [String: Int] = [:]
}

extension MetadataSchema {
    /// Batchwire's plain indexes. `batchwire db init` adds the missing ones, to old tables too; `db check`
    /// does not compare them (they change speed, not what is stored).
    ///
    /// - `<prefix>BW_JOB_PARAM_VALUE_IX` on Spring's `BATCH_JOB_EXECUTION_PARAMS (PARAMETER_VALUE,
    ///   JOB_EXECUTION_ID)` (the value's first 255 characters on MySQL): the dashboard's search by a parameter
    ///   value (``JobExplorer/searchExecutions(_:)``). Spring's schema indexes the parameters only by execution,
    ///   so without it the search reads every parameter row (200–360 ms for 100,000 executions on MariaDB).
    ///   One more index entry per parameter written.
    /// - `<prefix>BW_OUTBOX_PENDING_IX` on the outbox's `(DELIVERED_AT, EVENT_ID)`: the relay reads the
    ///   oldest undelivered events on every pass and the prune deletes by `DELIVERED_AT`. Without it both
    ///   scan every delivered row kept for the retention.
    /// - `<prefix>BW_JOB_INST_NAME_IX` on Spring's `BATCH_JOB_INSTANCE (JOB_NAME, JOB_INSTANCE_ID)`: every
    ///   launch by an incrementer reads the job's newest instance (`MAX(JOB_INSTANCE_ID)` of its name). Spring's
    ///   own unique key `(JOB_NAME, JOB_KEY)` does not order a name's instances by id, so without this index
    ///   the read scans every instance the job ever had (86,400 a day for a job every second). Spring Batch
    ///   applications sharing the tables are unaffected by an extra plain index.
    /// - `<prefix>BW_TRIGGER_TIME_IX` on `BW_TRIGGER_FIRE (TRIGGER_ID, RECEIVED_AT)`: a trigger's latest
    ///   outcomes (`batchwire triggers`) and a debounce window's last message.
    public var indexes: [IndexDefinition] {
        [
            IndexDefinition(
                name: names.prefix + "BW_JOB_PARAM_VALUE_IX", table: names.jobExecutionParams,
                columns: ["PARAMETER_VALUE", "JOB_EXECUTION_ID"], mysqlPrefixLengths: ["PARAMETER_VALUE": 255]),
            IndexDefinition(
                name: names.prefix + "BW_OUTBOX_PENDING_IX", table: names.eventOutbox,
                columns: ["DELIVERED_AT", "EVENT_ID"]),
            IndexDefinition(
                name: names.prefix + "BW_JOB_INST_NAME_IX", table: names.jobInstance,
                columns: ["JOB_NAME", "JOB_INSTANCE_ID"]),
            IndexDefinition(
                name: names.prefix + "BW_TRIGGER_TIME_IX", table: names.triggerFire,
                columns: ["TRIGGER_ID", "RECEIVED_AT"]),
        ]
    }

    /// `CREATE INDEX` for `index` (on SQLite `IF NOT EXISTS`; MySQL 8 has no such clause, so the caller
    /// checks first).
    func createIndexStatement(_ index: IndexDefinition, dialect: SQLDialect) -> String {
        let existence = dialect == .sqlite ? "IF NOT EXISTS " : ""
        let columns = index.columns.map { column in
            guard dialect == .mysql, let length = index.mysqlPrefixLengths[column] else { return column }
            return "\(column)(\(length))"
        }
        return "CREATE INDEX \(existence)\(index.name) ON \(index.table) (\(columns.joined(separator: ", ")))"
    }
}
