import BatchwireCore

/// One job's totals over a range of executions, as ``JobExplorer/jobTotals(executionIDsAbove:through:)`` reads
/// them. Totals of two ranges add up (``add(_:)``), so a caller can keep the totals of finished executions and
/// read only the newer ones.
public struct JobTotals: Sendable, Hashable {
    /// How many executions are in each status.
    public var countsByStatus: [BatchStatus: Int] = [:]
    /// The summed duration of the COMPLETED executions that have both times, in milliseconds.
    public var completedMilliseconds: Int64 = 0
    /// How many COMPLETED executions have both times.
    public var completedTimed: Int = 0
    /// The highest execution id.
    public var latestID: Int64 = 0

    /// Empty totals.
    public init() {}

    /// Every execution, whatever its status.
    public var total: Int { countsByStatus.values.reduce(0, +) }

    /// The mean duration of the completed executions, in milliseconds; `nil` when none is timed.
    public var averageCompletedMilliseconds: Int64? {
        completedTimed == 0 ? nil : completedMilliseconds / Int64(completedTimed)
    }

    /// Adds the totals of another range of executions.
    public mutating func add(_ other: JobTotals) {
        countsByStatus.merge(other.countsByStatus, uniquingKeysWith: +)
        completedMilliseconds += other.completedMilliseconds
        completedTimed += other.completedTimed
        latestID = max(latestID, other.latestID)
    }
}

/// Every job's totals over a range of execution ids.
public struct JobTotalsSlice: Sendable, Hashable {
    /// The totals by job name.
    public var byJob: [String: JobTotals]
    /// The lowest id of an execution in the range that is still STARTING, STARTED or STOPPING.
    public var lowestRunningID: Int64?
    /// The highest id in the range; `nil` when the range holds no execution.
    public var highestID: Int64?
}
