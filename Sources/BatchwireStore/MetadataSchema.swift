/// The expected metadata schema for one table prefix: Spring Batch 5's 9 tables, exactly as its
/// `schema-mysql.sql` defines them, plus Batchwire's own side tables.
///
/// ```swift
/// let schema = MetadataSchema(prefix: "SYSTEM_")
/// print(schema.createStatements(for: .mysql).joined(separator: ";\n"))
/// ```
public struct MetadataSchema: Sendable, Hashable {
    /// The table names.
    public let names: TableNames
    /// How foreign keys are named.
    public let constraintNaming: ConstraintNaming
    /// Spring's 9 tables, in creation order (parents first).
    public let springTables: [TableDefinition]
    /// Batchwire's side tables.
    public let batchwireTables: [TableDefinition]

    /// All tables, Spring's first.
    public var tables: [TableDefinition] { springTables + batchwireTables }

    /// The schema for a prefix.
    /// - Parameters:
    ///   - prefix: the table prefix (Spring's default `BATCH_`).
    ///   - jobSequence: the job-instance sequence name (Spring 5's `JOB_SEQ` by default).
    ///   - constraintNaming: Spring's exact foreign-key names (default) or prefixed ones.
    public init(prefix: String = "BATCH_", jobSequence: JobSequenceName = .spring5,
                constraintNaming: ConstraintNaming = .spring) {
        let names = TableNames(prefix: prefix, jobSequence: jobSequence)
        self.names = names
        self.constraintNaming = constraintNaming
        self.springTables = Self.springTables(names, fkPrefix: constraintNaming == .spring ? "" : prefix)
        self.batchwireTables = Self.batchwireTables(names)
    }

    /// The table called `name`, if the schema has one.
    public func table(named name: String) -> TableDefinition? {
        tables.first { $0.name == name }
    }

    private static func springTables(_ n: TableNames, fkPrefix: String) -> [TableDefinition] {
        let fk = { (name: String) in fkPrefix + name }
        typealias C = TableDefinition.Column
        let times = [C("START_TIME", "DATETIME(6)", defaultNull: true), C("END_TIME", "DATETIME(6)", defaultNull: true)]
        let sequence = { (name: String) in
            TableDefinition(
                name: name, columns: [C("ID", "BIGINT", nullable: false), C("UNIQUE_KEY", "CHAR(1)", nullable: false)],
                uniqueKeys: [.init(name: "UNIQUE_KEY_UN", columns: ["UNIQUE_KEY"])], isSequence: true, isSpringTable: true)
        }
        let context = { (name: String, idColumn: String, parent: String, fkName: String) in
            TableDefinition(
                name: name,
                columns: [
                    C(idColumn, "BIGINT", nullable: false), C("SHORT_CONTEXT", "VARCHAR(2500)", nullable: false),
                    C("SERIALIZED_CONTEXT", "TEXT"),
                ],
                primaryKey: [idColumn],
                foreignKeys: [.init(name: fk(fkName), columns: [idColumn], referencedTable: parent, referencedColumns: [idColumn])],
                isSpringTable: true)
        }
        return [
            TableDefinition(
                name: n.jobInstance,
                columns: [
                    C("JOB_INSTANCE_ID", "BIGINT", nullable: false), C("VERSION", "BIGINT"),
                    C("JOB_NAME", "VARCHAR(100)", nullable: false), C("JOB_KEY", "VARCHAR(32)", nullable: false),
                ],
                primaryKey: ["JOB_INSTANCE_ID"],
                uniqueKeys: [.init(name: "JOB_INST_UN", columns: ["JOB_NAME", "JOB_KEY"])], isSpringTable: true),
            TableDefinition(
                name: n.jobExecution,
                columns: [
                    C("JOB_EXECUTION_ID", "BIGINT", nullable: false), C("VERSION", "BIGINT"),
                    C("JOB_INSTANCE_ID", "BIGINT", nullable: false), C("CREATE_TIME", "DATETIME(6)", nullable: false),
                ] + times + [
                    C("STATUS", "VARCHAR(10)"), C("EXIT_CODE", "VARCHAR(2500)"), C("EXIT_MESSAGE", "VARCHAR(2500)"),
                    C("LAST_UPDATED", "DATETIME(6)"),
                ],
                primaryKey: ["JOB_EXECUTION_ID"],
                foreignKeys: [
                    .init(name: fk("JOB_INST_EXEC_FK"), columns: ["JOB_INSTANCE_ID"], referencedTable: n.jobInstance,
                          referencedColumns: ["JOB_INSTANCE_ID"])
                ], isSpringTable: true),
            TableDefinition(
                name: n.jobExecutionParams,
                columns: [
                    C("JOB_EXECUTION_ID", "BIGINT", nullable: false), C("PARAMETER_NAME", "VARCHAR(100)", nullable: false),
                    C("PARAMETER_TYPE", "VARCHAR(100)", nullable: false), C("PARAMETER_VALUE", "VARCHAR(2500)"),
                    C("IDENTIFYING", "CHAR(1)", nullable: false),
                ],
                foreignKeys: [
                    .init(name: fk("JOB_EXEC_PARAMS_FK"), columns: ["JOB_EXECUTION_ID"], referencedTable: n.jobExecution,
                          referencedColumns: ["JOB_EXECUTION_ID"])
                ], isSpringTable: true),
            TableDefinition(
                name: n.stepExecution,
                columns: [
                    C("STEP_EXECUTION_ID", "BIGINT", nullable: false), C("VERSION", "BIGINT", nullable: false),
                    C("STEP_NAME", "VARCHAR(100)", nullable: false), C("JOB_EXECUTION_ID", "BIGINT", nullable: false),
                    C("CREATE_TIME", "DATETIME(6)", nullable: false),
                ] + times + [
                    C("STATUS", "VARCHAR(10)"), C("COMMIT_COUNT", "BIGINT"), C("READ_COUNT", "BIGINT"),
                    C("FILTER_COUNT", "BIGINT"), C("WRITE_COUNT", "BIGINT"), C("READ_SKIP_COUNT", "BIGINT"),
                    C("WRITE_SKIP_COUNT", "BIGINT"), C("PROCESS_SKIP_COUNT", "BIGINT"), C("ROLLBACK_COUNT", "BIGINT"),
                    C("EXIT_CODE", "VARCHAR(2500)"), C("EXIT_MESSAGE", "VARCHAR(2500)"), C("LAST_UPDATED", "DATETIME(6)"),
                ],
                primaryKey: ["STEP_EXECUTION_ID"],
                foreignKeys: [
                    .init(name: fk("JOB_EXEC_STEP_FK"), columns: ["JOB_EXECUTION_ID"], referencedTable: n.jobExecution,
                          referencedColumns: ["JOB_EXECUTION_ID"])
                ], isSpringTable: true),
            context(n.stepExecutionContext, "STEP_EXECUTION_ID", n.stepExecution, "STEP_EXEC_CTX_FK"),
            context(n.jobExecutionContext, "JOB_EXECUTION_ID", n.jobExecution, "JOB_EXEC_CTX_FK"),
            sequence(n.stepExecutionSequence),
            sequence(n.jobExecutionSequence),
            sequence(n.jobSequence),
        ]
    }

    private static func batchwireTables(_ n: TableNames) -> [TableDefinition] {
        typealias C = TableDefinition.Column
        return [
            // One row per schedule slot that fired: the primary key makes the claim exactly-once.
            TableDefinition(
                name: n.firedSlot,
                columns: [
                    C("SCHEDULE_ID", "VARCHAR(200)", nullable: false), C("FIRE_TIME", "DATETIME(6)", nullable: false),
                    C("NODE_ID", "VARCHAR(100)", nullable: false), C("CLAIMED_AT", "DATETIME(6)", nullable: false),
                    C("JOB_EXECUTION_ID", "BIGINT"), C("OUTCOME", "VARCHAR(2500)"),
                ],
                primaryKey: ["SCHEDULE_ID", "FIRE_TIME"], isSpringTable: false),
            // One row per message (or upstream completion) an event trigger handled: the primary key makes the
            // claim exactly-once across nodes, as for fired slots.
            TableDefinition(
                name: n.triggerFire,
                columns: [
                    C("TRIGGER_ID", "VARCHAR(200)", nullable: false), C("MESSAGE_KEY", "VARCHAR(100)", nullable: false),
                    C("RECEIVED_AT", "DATETIME(6)", nullable: false), C("NODE_ID", "VARCHAR(100)", nullable: false),
                    C("SOURCE", "VARCHAR(1024)", nullable: false), C("PARAMETERS", "MEDIUMTEXT", sqliteType: "TEXT"),
                    C("WINDOW_END", "DATETIME(6)"), C("JOB_EXECUTION_ID", "BIGINT"), C("OUTCOME", "VARCHAR(40)"),
                    C("REASON", "VARCHAR(2500)"),
                ],
                primaryKey: ["TRIGGER_ID", "MESSAGE_KEY"], isSpringTable: false),
            // Events written in the same transaction as the status change, published from here.
            TableDefinition(
                name: n.eventOutbox,
                columns: [
                    C("EVENT_ID", "BIGINT", nullable: false, sqliteType: "INTEGER"), C("JOB_EXECUTION_ID", "BIGINT"),
                    C("SEQUENCE_NUMBER", "BIGINT", nullable: false), C("TOPIC", "VARCHAR(500)", nullable: false),
                    C("PAYLOAD", "MEDIUMTEXT", nullable: false, sqliteType: "TEXT"),
                    C("CREATED_AT", "DATETIME(6)", nullable: false), C("DELIVERED_AT", "DATETIME(6)"),
                    // What readers route by (OutboxRouting), so none parses a payload; NULL in rows written before
                    // these columns were added (by `db init`), and for payloads that are not Batchwire events.
                    C("JOB_NAME", "VARCHAR(100)"), C("EVENT_TYPE", "VARCHAR(40)"), C("STATUS", "VARCHAR(10)"),
                ],
                primaryKey: ["EVENT_ID"],
                uniqueKeys: [.init(name: n.prefix + "BW_OUTBOX_SEQ_UN", columns: ["JOB_EXECUTION_ID", "SEQUENCE_NUMBER"])],
                autoIncrementKey: true, isSpringTable: false),
            // Outbox events the broker kept refusing, moved aside with the reason so the job's later events flow.
            TableDefinition(
                name: n.eventDeadLetter,
                columns: [
                    C("EVENT_ID", "BIGINT", nullable: false), C("JOB_EXECUTION_ID", "BIGINT"),
                    C("SEQUENCE_NUMBER", "BIGINT", nullable: false), C("TOPIC", "VARCHAR(500)", nullable: false),
                    C("PAYLOAD", "MEDIUMTEXT", nullable: false, sqliteType: "TEXT"),
                    C("CREATED_AT", "DATETIME(6)", nullable: false), C("ATTEMPTS", "BIGINT", nullable: false),
                    C("REASON", "VARCHAR(2500)", nullable: false), C("DEAD_LETTERED_AT", "DATETIME(6)", nullable: false),
                ],
                primaryKey: ["EVENT_ID"], isSpringTable: false),
            TableDefinition(
                name: n.node,
                columns: [
                    C("NODE_ID", "VARCHAR(100)", nullable: false), C("HOST_NAME", "VARCHAR(255)"),
                    C("STARTED_AT", "DATETIME(6)", nullable: false), C("HEARTBEAT_AT", "DATETIME(6)", nullable: false),
                ],
                primaryKey: ["NODE_ID"], isSpringTable: false),
            TableDefinition(
                name: n.executionOwner,
                columns: [
                    C("JOB_EXECUTION_ID", "BIGINT", nullable: false), C("NODE_ID", "VARCHAR(100)", nullable: false),
                    C("LEASE_EXPIRES_AT", "DATETIME(6)", nullable: false),
                ],
                primaryKey: ["JOB_EXECUTION_ID"], isSpringTable: false),
            TableDefinition(
                name: n.scheduleState,
                columns: [
                    C("SCHEDULE_ID", "VARCHAR(200)", nullable: false), C("PAUSED", "CHAR(1)", nullable: false),
                    C("REASON", "VARCHAR(2500)"), C("CHANGED_AT", "DATETIME(6)", nullable: false),
                    C("CHANGED_BY", "VARCHAR(200)"),
                ],
                primaryKey: ["SCHEDULE_ID"], isSpringTable: false),
            TableDefinition(
                name: n.commandKey,
                columns: [
                    C("IDEMPOTENCY_KEY", "VARCHAR(200)", nullable: false), C("RESULT", "MEDIUMTEXT", sqliteType: "TEXT"),
                    C("CREATED_AT", "DATETIME(6)", nullable: false),
                ],
                primaryKey: ["IDEMPOTENCY_KEY"], isSpringTable: false),
            // One row per relay lease: the node whose outbox relay publishes, until EXPIRES_AT unless renewed.
            TableDefinition(
                name: n.relayLease,
                columns: [
                    C("NAME", "VARCHAR(100)", nullable: false), C("NODE_ID", "VARCHAR(100)", nullable: false),
                    C("EXPIRES_AT", "DATETIME(6)", nullable: false),
                ],
                primaryKey: ["NAME"], isSpringTable: false),
        ]
    }
}
