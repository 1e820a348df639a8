/// One attempt to run a job instance: a row of `BATCH_JOB_EXECUTION`, its parameters
/// (`BATCH_JOB_EXECUTION_PARAMS`), its context (`BATCH_JOB_EXECUTION_CONTEXT`) and its step executions.
///
/// Times are JVM-style local wall-clock times with microsecond precision (`DATETIME(6)`).
public struct JobExecution: Sendable, Hashable, Identifiable {
    /// `JOB_EXECUTION_ID`, from `BATCH_JOB_EXECUTION_SEQ`.
    public let id: Int64
    /// `VERSION`: 0 on insert, +1 on each update (optimistic locking).
    public var version: Int64
    /// The instance this execution belongs to (`JOB_INSTANCE_ID`).
    public let jobInstance: JobInstance
    /// All parameters of this execution, identifying or not.
    public var jobParameters: JobParameters
    /// `STATUS`.
    public var status: BatchStatus
    /// `EXIT_CODE` and `EXIT_MESSAGE`.
    public var exitStatus: ExitStatus
    /// `CREATE_TIME`.
    public var createTime: LocalDateTime
    /// `START_TIME`: `nil` until the job actually starts.
    public var startTime: LocalDateTime?
    /// `END_TIME`.
    public var endTime: LocalDateTime?
    /// `LAST_UPDATED`.
    public var lastUpdated: LocalDateTime?
    /// The job-level execution context.
    public var executionContext: ExecutionContext
    /// The step executions, in `STEP_EXECUTION_ID` order.
    public var stepExecutions: [StepExecution]

    /// An execution with every field given.
    public init(
        id: Int64, version: Int64 = 0, jobInstance: JobInstance, jobParameters: JobParameters,
        status: BatchStatus = .starting, exitStatus: ExitStatus = .unknown, createTime: LocalDateTime,
        startTime: LocalDateTime? = nil, endTime: LocalDateTime? = nil, lastUpdated: LocalDateTime? = nil,
        executionContext: ExecutionContext = ExecutionContext(), stepExecutions: [StepExecution] = []
    ) {
        self.id = id
        self.version = version
        self.jobInstance = jobInstance
        self.jobParameters = jobParameters
        self.status = status
        self.exitStatus = exitStatus
        self.createTime = createTime
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.executionContext = executionContext
        self.stepExecutions = stepExecutions
    }

    /// A new execution as `createJobExecution` inserts it: STARTING, exit UNKNOWN, version 0,
    /// `CREATE_TIME` = `LAST_UPDATED` = `now`.
    ///
    /// - Parameters:
    ///   - id: the new `JOB_EXECUTION_ID`.
    ///   - jobInstance: the (new or existing) instance.
    ///   - jobParameters: all the launch parameters.
    ///   - executionContext: empty for a new instance, the last execution's context on restart.
    ///   - now: the local wall-clock time (``LocalDateTime/now(in:at:)``).
    public static func starting(
        id: Int64, jobInstance: JobInstance, jobParameters: JobParameters,
        executionContext: ExecutionContext = ExecutionContext(), now: LocalDateTime
    ) -> JobExecution {
        JobExecution(
            id: id, jobInstance: jobInstance, jobParameters: jobParameters, createTime: now, lastUpdated: now,
            executionContext: executionContext)
    }

    /// The job's name.
    public var jobName: String { jobInstance.jobName }

    /// Since Spring 5, "running" means the status only (STARTING, STARTED, STOPPING), not END_TIME.
    public var isRunning: Bool { status.isRunning }

    /// Whether an operator asked the execution to stop.
    public var isStopping: Bool { status == .stopping }

    /// Applies Spring's ``BatchStatus/upgrade(to:)``.
    public mutating func upgradeStatus(to status: BatchStatus) {
        self.status = self.status.upgrade(to: status)
    }

    /// What Spring's `SimpleJobRepository.update` does before writing: a STOPPING execution that has an
    /// END_TIME is written as STOPPED.
    public var statusToPersist: BatchStatus {
        status == .stopping && endTime != nil ? .stopped : status
    }

    /// `EXIT_MESSAGE` as Spring's `updateJobExecution` writes it (cut to 2,500 UTF-16 units, never mid-pair).
    public var exitMessageToPersist: String { exitStatus.truncatedDescription() }
}
