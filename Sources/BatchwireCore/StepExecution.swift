/// One run of one step within a job execution: a row of `BATCH_STEP_EXECUTION` plus its context
/// (`BATCH_STEP_EXECUTION_CONTEXT`).
public struct StepExecution: Sendable, Hashable, Identifiable {
    /// `STEP_EXECUTION_ID`, from `BATCH_STEP_EXECUTION_SEQ`.
    public let id: Int64
    /// `VERSION` (NOT NULL): 0 on insert, +1 on each update.
    public var version: Int64
    /// `STEP_NAME` (at most 100 characters).
    public let stepName: String
    /// `JOB_EXECUTION_ID` of the owning job execution.
    public let jobExecutionId: Int64
    /// `STATUS`.
    public var status: BatchStatus
    /// `EXIT_CODE` and `EXIT_MESSAGE` (the message is cut to 2,500 UTF-16 units on insert and update).
    public var exitStatus: ExitStatus
    /// `CREATE_TIME`.
    public var createTime: LocalDateTime
    /// `START_TIME`.
    public var startTime: LocalDateTime?
    /// `END_TIME`.
    public var endTime: LocalDateTime?
    /// `LAST_UPDATED`.
    public var lastUpdated: LocalDateTime?
    /// `COMMIT_COUNT`.
    public var commitCount: Int64
    /// `READ_COUNT`.
    public var readCount: Int64
    /// `FILTER_COUNT`.
    public var filterCount: Int64
    /// `WRITE_COUNT`.
    public var writeCount: Int64
    /// `READ_SKIP_COUNT`.
    public var readSkipCount: Int64
    /// `WRITE_SKIP_COUNT`.
    public var writeSkipCount: Int64
    /// `PROCESS_SKIP_COUNT`.
    public var processSkipCount: Int64
    /// `ROLLBACK_COUNT`.
    public var rollbackCount: Int64
    /// The step-level execution context.
    public var executionContext: ExecutionContext
    /// Set when the step must stop at the next chunk boundary (not persisted).
    public var isTerminateOnly: Bool

    /// A step execution with every field given; new ones start STARTING with exit status EXECUTING.
    public init(
        id: Int64, version: Int64 = 0, stepName: String, jobExecutionId: Int64, status: BatchStatus = .starting,
        exitStatus: ExitStatus = .executing, createTime: LocalDateTime, startTime: LocalDateTime? = nil,
        endTime: LocalDateTime? = nil, lastUpdated: LocalDateTime? = nil, commitCount: Int64 = 0,
        readCount: Int64 = 0, filterCount: Int64 = 0, writeCount: Int64 = 0, readSkipCount: Int64 = 0,
        writeSkipCount: Int64 = 0, processSkipCount: Int64 = 0, rollbackCount: Int64 = 0,
        executionContext: ExecutionContext = ExecutionContext(), isTerminateOnly: Bool = false
    ) {
        self.id = id
        self.version = version
        self.stepName = stepName
        self.jobExecutionId = jobExecutionId
        self.status = status
        self.exitStatus = exitStatus
        self.createTime = createTime
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.commitCount = commitCount
        self.readCount = readCount
        self.filterCount = filterCount
        self.writeCount = writeCount
        self.readSkipCount = readSkipCount
        self.writeSkipCount = writeSkipCount
        self.processSkipCount = processSkipCount
        self.rollbackCount = rollbackCount
        self.executionContext = executionContext
        self.isTerminateOnly = isTerminateOnly
    }

    /// Read, write and process skips together (Spring's `getSkipCount()`).
    public var skipCount: Int64 { readSkipCount + writeSkipCount + processSkipCount }

    /// Applies Spring's ``BatchStatus/upgrade(to:)``.
    public mutating func upgradeStatus(to status: BatchStatus) {
        self.status = self.status.upgrade(to: status)
    }

    /// `EXIT_MESSAGE` as Spring's step DAO writes it (cut to 2,500 UTF-16 units, never mid-pair).
    public var exitMessageToPersist: String { exitStatus.truncatedDescription() }
}
