/// Spring Batch's `SimpleStepHandler.shouldStart` rules as a pure function: whether a step runs again on
/// a (re)started job execution, and with which execution context.
public struct StepStartPolicy: Sendable, Hashable {
    /// What to do with the step.
    public enum Decision: Sendable, Hashable {
        /// Run the step, starting from `executionContext` (the previous context, minus `batch.executed`,
        /// when restarting an unfinished step; empty otherwise).
        case start(executionContext: ExecutionContext)
        /// Do not run it; the previous (COMPLETED or ABANDONED) step execution stands.
        case skip(previous: StepExecution)
    }

    /// Whether a COMPLETED step runs again on restart (Spring's default `false`).
    public var allowStartIfComplete: Bool
    /// How many step executions the step may have for one instance; 0 or less means unlimited
    /// (Spring's default is `Integer.MAX_VALUE`).
    public var startLimit: Int

    /// A policy.
    public init(allowStartIfComplete: Bool = false, startLimit: Int = Int(Int32.max)) {
        self.allowStartIfComplete = allowStartIfComplete
        self.startLimit = startLimit
    }

    /// Decides whether to start a step.
    ///
    /// - Parameters:
    ///   - lastStepExecution: the newest execution of this step name across all executions of the instance
    ///     (by CREATE_TIME, then STEP_EXECUTION_ID), or `nil`.
    ///   - currentJobExecutionId: the running job execution; a `lastStepExecution` belonging to it (a step
    ///     name used twice in one flow) is ignored.
    ///   - startCount: how many executions of this step name the instance has.
    /// - Throws: ``JobLaunchError`` (`jobRestart` for UNKNOWN, `startLimitExceeded`).
    public func decide(
        stepName: String, lastStepExecution: StepExecution?, currentJobExecutionId: Int64, startCount: Int
    ) throws(JobLaunchError) -> Decision {
        let last = lastStepExecution?.jobExecutionId == currentJobExecutionId ? nil : lastStepExecution
        if let last {
            switch last.status {
            case .unknown:
                throw JobLaunchError(
                    code: .jobRestart,
                    message: "Cannot restart step from UNKNOWN status. The last execution ended with a failure that "
                        + "could not be rolled back, so it may be dangerous to proceed. Manual intervention is "
                        + "probably necessary: check step '\(stepName)' (execution \(last.id)) and set it to FAILED "
                        + "or ABANDONED.")
            case .completed where !allowStartIfComplete, .abandoned:
                return .skip(previous: last)
            default:
                break
            }
        }
        let limit = startLimit <= 0 ? Int.max : startLimit
        if startCount >= limit {
            throw JobLaunchError(
                code: .startLimitExceeded,
                message: "Maximum start limit exceeded for step: \(stepName) StartMax: \(startLimit). Raise the "
                    + "step's start limit or start a new job instance.")
        }
        guard let last, last.status != .completed else {
            return .start(executionContext: ExecutionContext())
        }
        var context = ExecutionContext(last.executionContext)
        context[ExecutionContext.WellKnownKey.batchExecuted] = nil
        context.clearDirtyFlag()
        return .start(executionContext: context)
    }
}
