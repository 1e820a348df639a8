import BatchwireCore

/// What ``JobExplorer/searchExecutions(_:)`` looks for: executions of any job (or one), newest first, a page at a
/// time. Every filter is optional; they combine with AND.
///
/// Pages are keyed, not numbered: pass the ``ExecutionPage/nextBefore`` of one page as ``before`` to get the next,
/// so a deep page costs what the first one does.
public struct ExecutionSearch: Sendable, Hashable {
    /// Only this job's executions.
    public var jobName: String?
    /// Only executions with this status.
    public var status: BatchStatus?
    /// Only executions created at or after this wall-clock time (the store's zone, as `CREATE_TIME` holds it).
    public var createdFrom: LocalDateTime?
    /// Only executions created before this wall-clock time.
    public var createdBefore: LocalDateTime?
    /// Only executions that have a parameter with exactly this value (in the `PARAMETER_VALUE` column's text).
    public var parameterValue: String?
    /// Only executions whose id is lower than this (the cursor of the next page).
    public var before: Int64?
    /// The most executions in one page (1 to 500).
    public var limit: Int

    /// A search; with no filters, the newest executions of every job.
    public init(
        jobName: String? = nil, status: BatchStatus? = nil, createdFrom: LocalDateTime? = nil,
        createdBefore: LocalDateTime? = nil, parameterValue: String? = nil, before: Int64? = nil, limit: Int = 50
    ) {
        self.jobName = jobName
        self.status = status
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.parameterValue = parameterValue
        self.before = before
        self.limit = limit
    }
}

/// One page of ``JobExplorer/searchExecutions(_:)``: executions without parameters, contexts or steps.
public struct ExecutionPage: Sendable, Hashable {
    /// The executions, newest (highest id) first.
    public let executions: [JobExecution]
    /// The ``ExecutionSearch/before`` of the next page; `nil` when this page is the last.
    public let nextBefore: Int64?
}
