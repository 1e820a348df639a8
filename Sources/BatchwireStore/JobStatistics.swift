import BatchwireCore

/// One job's totals over every execution in the tables, as ``JobExplorer/jobStatistics()`` reads them.
public struct JobStatistics: Sendable, Hashable {
    /// The job name (from `JOB_INSTANCE`: Spring Batch applications' jobs are here too).
    public let jobName: String
    /// How many executions ended (or are) in each status.
    public let countsByStatus: [BatchStatus: Int]
    /// The mean duration of its COMPLETED executions, in milliseconds; `nil` when none completed.
    public let averageCompletedMilliseconds: Int64?
    /// Its newest execution (highest id), without parameters, contexts or steps.
    public let latest: JobExecution?

    /// Every execution, whatever its status.
    public var total: Int { countsByStatus.values.reduce(0, +) }
}
