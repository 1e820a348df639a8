/// One job: what `GET /api/v1/jobs` returns per job and the jobs page shows. Jobs come from the registry
/// (the job files) and from the tables (Spring Batch applications sharing the database).
public struct JobView: Sendable, Codable, Hashable {
    /// The job name.
    public let name: String
    /// Its description from the job file.
    public let description: String?
    /// Whether a job file defines it here (only registered jobs can be started).
    public let registered: Bool
    /// The newest execution.
    public let latest: ExecutionView?
    /// The next fire of its schedules (ISO 8601, UTC); `nil` when none is due.
    public let nextFire: String?
    /// How many executions COMPLETED.
    public let completedCount: Int
    /// How many FAILED.
    public let failedCount: Int
    /// How many in all.
    public let totalCount: Int
    /// The mean duration of its completed executions, in milliseconds.
    public let averageMilliseconds: Int64?
    /// The mean as text.
    public let averageDuration: String
    /// How many schedules it has.
    public let scheduleCount: Int
    /// Whether every schedule of it is paused (`false` when it has none).
    public let paused: Bool
    /// Why, when paused with a reason.
    public let pauseReason: String?
}
