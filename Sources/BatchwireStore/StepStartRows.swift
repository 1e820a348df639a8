import BatchwireCore

/// The rows a step's start writes, shared by ``JobRepository/startStep(of:stepName:executionContext:events:)``
/// and ``JobRepository/runInstantStep(of:stepName:executionContext:status:exitStatus:endingJob:events:)``.
extension JobExecution {
    /// This execution moved to STARTED at `now`, or `nil` when it is not STARTING (its first step started it).
    func startedByFirstStep(at now: LocalDateTime) -> JobExecution? {
        guard status == .starting else { return nil }
        var started = self
        started.status = .started
        started.startTime = now
        started.lastUpdated = now
        return started
    }
}

extension StepExecution {
    /// A new step execution `id` of `jobExecutionID`, STARTED at `now` with `executionContext`.
    static func started(
        id: Int64, stepName: String, jobExecutionID: Int64, executionContext: ExecutionContext, at now: LocalDateTime
    ) -> StepExecution {
        var step = StepExecution(
            id: id, stepName: stepName, jobExecutionId: jobExecutionID, createTime: now, lastUpdated: now,
            executionContext: executionContext)
        step.status = .started
        step.startTime = now
        return step
    }
}
