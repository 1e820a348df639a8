import BatchwireCore
import Foundation

/// How the metadata store connects and how it writes Spring's tables.
///
/// Every option defaults to what a Spring Batch 5 application with default settings does.
public struct MetadataStoreConfiguration: Sendable {
    /// Where the database is.
    public var location: DatabaseLocation
    /// The table prefix, applied to every table including the sequences (Spring's `tablePrefix`).
    /// Letters, digits and `_` only. Default `BATCH_`.
    public var tablePrefix: String
    /// The job-instance sequence table: Spring 5's `JOB_SEQ` (default) or Spring 6's `JOB_INSTANCE_SEQ`.
    public var jobSequence: JobSequenceName
    /// Spring's exact foreign-key names (default) or prefixed ones; see ``ConstraintNaming``.
    public var constraintNaming: ConstraintNaming
    /// The zone whose wall-clock time is written to Spring's `DATETIME(6)` columns (Spring writes the
    /// JVM's local time). Every reader of the database must agree on it. Default: the process's zone.
    public var timeZone: TimeZone
    /// How JOB_KEY is computed. Default: Spring 5's `DefaultJobKeyGenerator`.
    public var jobKeyGenerator: JobKeyGenerator
    /// How contexts are serialized. Default: Spring 5's `DefaultExecutionContextSerializer` (Base64 of Java
    /// serialization).
    public var contextSerializer: any ExecutionContextSerializer
    /// Spring's `shortContextLength` (default 2500).
    public var shortContextLength: Int
    /// Spring's exit message length (default 2500); longer descriptions are cut on a character boundary.
    public var exitMessageLength: Int
    /// The most connections the store opens for transactions (MySQL adds a quarter as many for ids).
    public var maxConnections: Int
    /// How many times a transaction runs before a deadlock, lock timeout or busy error is given up on.
    public var maxTransactionAttempts: Int
    /// Which generation's launch rules to apply; see ``LaunchRules``.
    public var launchRules: LaunchRules

    /// A configuration with Spring's defaults.
    /// - Parameters:
    ///   - location: the database.
    ///   - tablePrefix: the table prefix (default `BATCH_`).
    public init(location: DatabaseLocation, tablePrefix: String = "BATCH_") {
        self.location = location
        self.tablePrefix = tablePrefix
        self.jobSequence = .spring5
        self.constraintNaming = .spring
        self.timeZone = .current
        self.jobKeyGenerator = JobKeyGenerator()
        self.contextSerializer = JavaExecutionContextSerializer()
        self.shortContextLength = ExecutionContextColumns.defaultShortContextLength
        self.exitMessageLength = ExitStatus.maxDescriptionLength
        self.maxConnections = 8
        self.maxTransactionAttempts = 30
        self.launchRules = .spring5
    }

    /// The expected schema for these settings.
    public var schema: MetadataSchema {
        MetadataSchema(prefix: tablePrefix, jobSequence: jobSequence, constraintNaming: constraintNaming)
    }
}

/// Which Spring Batch generation's launch rules `createJobExecution` applies.
public enum LaunchRules: String, Sendable, Hashable {
    /// Spring Batch 5: an instance with **no** identifying parameters that COMPLETED (or was ABANDONED) is
    /// run again as a new execution of the same instance (spring-batch #4755).
    case spring5
    /// Spring Batch 6: COMPLETED or ABANDONED always refuses, whatever the parameters.
    case spring6
}
