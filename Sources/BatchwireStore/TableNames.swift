/// The prefixed names of every table the store uses.
///
/// Spring applies the prefix to all its tables, the sequence tables included (`<prefix>JOB_SEQ`), and
/// Batchwire's own tables sit beside them as `<prefix>BW_…`.
public struct TableNames: Sendable, Hashable {
    /// The prefix, e.g. `BATCH_` or `SYSTEM_`.
    public let prefix: String
    /// The job-instance sequence's suffix: `JOB_SEQ` (Spring 5) or `JOB_INSTANCE_SEQ` (Spring 6).
    public let jobSequenceSuffix: String

    /// Names for `prefix` and the job-instance sequence name.
    public init(prefix: String, jobSequence: JobSequenceName) {
        self.prefix = prefix
        self.jobSequenceSuffix = jobSequence.suffix
    }

    /// `<prefix><suffix>`.
    public func table(_ suffix: String) -> String { prefix + suffix }

    public var jobInstance: String { prefix + "JOB_INSTANCE" }
    public var jobExecution: String { prefix + "JOB_EXECUTION" }
    public var jobExecutionParams: String { prefix + "JOB_EXECUTION_PARAMS" }
    public var stepExecution: String { prefix + "STEP_EXECUTION" }
    public var stepExecutionContext: String { prefix + "STEP_EXECUTION_CONTEXT" }
    public var jobExecutionContext: String { prefix + "JOB_EXECUTION_CONTEXT" }
    public var stepExecutionSequence: String { prefix + "STEP_EXECUTION_SEQ" }
    public var jobExecutionSequence: String { prefix + "JOB_EXECUTION_SEQ" }
    public var jobSequence: String { prefix + jobSequenceSuffix }

    public var firedSlot: String { prefix + "BW_FIRED_SLOT" }
    public var eventOutbox: String { prefix + "BW_EVENT_OUTBOX" }
    public var node: String { prefix + "BW_NODE" }
    public var executionOwner: String { prefix + "BW_EXECUTION_OWNER" }
    public var scheduleState: String { prefix + "BW_SCHEDULE_STATE" }
    public var commandKey: String { prefix + "BW_COMMAND_KEY" }
    /// `<prefix>BW_TRIGGER_FIRE`: each message (or upstream completion) an event trigger handled, once.
    public var triggerFire: String { prefix + "BW_TRIGGER_FIRE" }
    /// `<prefix>BW_RELAY_LEASE`: which node's outbox relay publishes, until when.
    public var relayLease: String { prefix + "BW_RELAY_LEASE" }

    /// Whether `prefix` is safe to splice into SQL: letters, digits and `_`, not starting with a digit,
    /// at most 40 characters (MySQL names stop at 64).
    static func isValidPrefix(_ prefix: String) -> Bool {
        guard !prefix.isEmpty, prefix.count <= 40, let first = prefix.unicodeScalars.first else { return false }
        guard !(("0"..."9").contains(first)) else { return false }
        return prefix.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}

/// The name of the job-instance sequence table, which Spring Batch 6 renamed.
public enum JobSequenceName: String, Sendable, Hashable, CaseIterable {
    /// Spring Batch 5: `<prefix>JOB_SEQ` (the default).
    case spring5
    /// Spring Batch 6: `<prefix>JOB_INSTANCE_SEQ`.
    case spring6

    /// The table name without the prefix.
    public var suffix: String {
        switch self {
        case .spring5: "JOB_SEQ"
        case .spring6: "JOB_INSTANCE_SEQ"
        }
    }
}

/// How foreign-key constraints are named.
///
/// MySQL and MariaDB require foreign-key names to be unique per *database*, while Spring's DDL uses
/// fixed names (`JOB_INST_EXEC_FK`, …) whatever the prefix. So one database can hold only one Spring
/// schema with Spring's names; to keep several prefixes in one database, prefix the constraint names too.
public enum ConstraintNaming: String, Sendable, Hashable {
    /// Spring's exact names (the default; what a Spring application's DDL creates).
    case spring
    /// `<prefix>` + Spring's name, e.g. `SYSTEM_JOB_INST_EXEC_FK`, for several schemas in one database.
    case prefixed
}
