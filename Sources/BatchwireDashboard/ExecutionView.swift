import BatchwireCore

/// One execution in a list: what `GET /api/v1/executions` returns per row and the executions page shows.
public struct ExecutionView: Sendable, Codable, Hashable {
    /// `JOB_EXECUTION_ID`.
    public let id: Int64
    /// `JOB_INSTANCE_ID`.
    public let instanceId: Int64
    /// The job.
    public let jobName: String
    /// The batch status (`COMPLETED`, `STARTED`, …).
    public let status: String
    /// The exit code.
    public let exitCode: String
    /// When it was created, started and ended (wall clock of the tables, ISO local date-time).
    public let createTime: String
    /// When it started, if it did.
    public let startTime: String?
    /// When it ended, if it did.
    public let endTime: String?
    /// Its duration in milliseconds, once ended.
    public let durationMilliseconds: Int64?
    /// The duration as text (`12.5s`; `-` until it ends).
    public let duration: String
    /// Whether it runs (STARTING, STARTED, STOPPING).
    public let isRunning: Bool
    /// Whether stop applies: STARTING or STARTED (a STOPPING execution has been asked already).
    public let isStoppable: Bool
    /// Whether its status lets Spring restart it: FAILED or STOPPED only (COMPLETED and ABANDONED instances
    /// are complete, UNKNOWN needs a look first, a running one is already running). The execution page also
    /// asks that it is its instance's newest execution and that the job is registered and restartable.
    public let isRestartable: Bool
    /// Whether abandon applies: STOPPED, FAILED or UNKNOWN (not running, not COMPLETED, not abandoned yet).
    public let isAbandonable: Bool

    init(_ execution: JobExecution) {
        id = execution.id
        instanceId = execution.jobInstance.id
        jobName = execution.jobName
        status = execution.status.name
        exitCode = execution.exitStatus.exitCode
        createTime = DashboardFormat.wallClock(execution.createTime) ?? ""
        startTime = DashboardFormat.wallClock(execution.startTime)
        endTime = DashboardFormat.wallClock(execution.endTime)
        durationMilliseconds = DashboardFormat.milliseconds(execution.startTime, execution.endTime)
        duration = DashboardFormat.duration(milliseconds: durationMilliseconds)
        isRunning = execution.status.isRunning
        isStoppable = Self.stoppable.contains(execution.status)
        isRestartable = Self.restartable.contains(execution.status)
        isAbandonable = Self.abandonable.contains(execution.status)
    }

    /// The statuses stop accepts (``JobOperator/stop(executionId:)``).
    static let stoppable: Set<BatchStatus> = [.starting, .started]
    /// The statuses Spring restarts (``JobOperator/restart(executionId:)``).
    static let restartable: Set<BatchStatus> = [.failed, .stopped]
    /// The statuses worth abandoning (``JobOperator/abandon(executionId:)``).
    static let abandonable: Set<BatchStatus> = [.stopped, .failed, .unknown]
}
