/// Spring Batch's launch and restart rules as a pure function: given what the repository holds for the
/// instance that a launch's identifying parameters select, decide whether to create a new instance or
/// add an execution to the existing one, or refuse with Spring's exception.
///
/// The JobRepository runs this inside the transaction that then inserts the instance (if new), the
/// execution, its parameters and its context.
public struct JobLaunchPolicy: Sendable, Hashable {
    /// Which Spring Batch generation's rules to follow.
    public enum Rules: String, Sendable, Hashable {
        /// 5.x: launcher checks (restartable, last execution's steps) first, then the repository checks
        /// every execution. A COMPLETED/ABANDONED instance without identifying parameters is re-run
        /// (spring-batch #4755).
        case v5
        /// 6.x: every execution is checked first, and COMPLETED/ABANDONED always refuses; then the
        /// restartable and step checks against the last execution.
        case v6
    }

    /// What the launch should do.
    public enum Decision: Sendable, Hashable {
        /// No instance exists for these identifying parameters: insert one and start from an empty context.
        case createInstance
        /// Add a new execution to `instance`, starting from `executionContext` (a copy of the last
        /// execution's job context).
        case restart(instance: JobInstance, lastExecution: JobExecution, executionContext: ExecutionContext)
    }

    /// The rules followed.
    public var rules: Rules

    /// A policy.
    ///
    /// - Parameter rules: `.v5` (default) or `.v6`.
    public init(rules: Rules = .v5) {
        self.rules = rules
    }

    /// Decides a launch.
    ///
    /// - Parameters:
    ///   - instance: the instance found by (JOB_NAME, JOB_KEY), or `nil`.
    ///   - executions: all executions of that instance, in any order; the last one (highest id) should
    ///     carry its step executions for the running/UNKNOWN step checks.
    ///   - jobIsRestartable: the job's `restartable` setting.
    /// - Returns: the decision.
    /// - Throws: ``JobLaunchError`` with Spring's exception and a message saying what to do.
    public func decide(
        instance: JobInstance?, executions: [JobExecution], jobIsRestartable: Bool
    ) throws(JobLaunchError) -> Decision {
        guard let instance else { return .createInstance }
        let newestFirst = executions.sorted { $0.id > $1.id }
        guard let last = newestFirst.first else {
            throw JobLaunchError(
                code: .illegalState,
                message: "Cannot find any job execution for job instance \(instance.id) of job '\(instance.jobName)'. "
                    + "The metadata is inconsistent: delete the instance row or add its missing execution.")
        }
        switch rules {
        case .v5:
            try checkLastExecution(last, jobIsRestartable: jobIsRestartable)
            try checkAllExecutions(newestFirst, instance: instance)
        case .v6:
            try checkAllExecutions(newestFirst, instance: instance)
            try checkLastExecution(last, jobIsRestartable: jobIsRestartable)
        }
        return .restart(instance: instance, lastExecution: last, executionContext: last.executionContext)
    }

    private func checkLastExecution(_ last: JobExecution, jobIsRestartable: Bool) throws(JobLaunchError) {
        if !jobIsRestartable {
            throw JobLaunchError(
                code: .jobRestart,
                message: "JobInstance already exists and is not restartable. Job '\(last.jobName)' was already run "
                    + "with these identifying parameters (execution \(last.id)); change an identifying parameter "
                    + "(or use an incrementer) to start a new instance, or make the job restartable.")
        }
        for step in last.stepExecutions {
            if step.status.isRunning {
                throw alreadyRunning(jobName: last.jobName, executionId: last.id)
            }
            if step.status == .unknown {
                throw JobLaunchError(
                    code: .jobRestart,
                    message: "Cannot restart step [\(step.stepName)] from UNKNOWN status. The last execution ended "
                        + "with a failure that could not be rolled back, so it may be dangerous to proceed. Manual "
                        + "intervention is probably necessary: check the step's output, then set step execution "
                        + "\(step.id) to FAILED (or ABANDONED) before restarting.")
            }
        }
    }

    private func checkAllExecutions(_ executions: [JobExecution], instance: JobInstance) throws(JobLaunchError) {
        for execution in executions {
            if execution.isRunning {
                throw alreadyRunning(jobName: instance.jobName, executionId: execution.id)
            }
            if execution.status == .unknown {
                throw JobLaunchError(
                    code: .jobRestart,
                    message: "Cannot restart job from UNKNOWN status. The last execution ended with a failure that "
                        + "could not be rolled back, so it may be dangerous to proceed. Manual intervention is "
                        + "probably necessary: check what execution \(execution.id) of job '\(instance.jobName)' did, "
                        + "then set it to FAILED (restartable) or ABANDONED (not restartable).")
            }
            let finished = execution.status == .completed || execution.status == .abandoned
            let hasIdentifying = !execution.jobParameters.identifying.isEmpty
            if finished && (hasIdentifying || rules == .v6) {
                throw JobLaunchError(
                    code: .jobInstanceAlreadyComplete,
                    message: "A job instance already exists and is complete for the given identifying parameters "
                        + "(job '\(instance.jobName)', instance \(instance.id), execution \(execution.id) is "
                        + "\(execution.status)). If you want to run this job again, change the parameters.")
            }
        }
    }

    private func alreadyRunning(jobName: String, executionId: Int64) -> JobLaunchError {
        JobLaunchError(
            code: .jobExecutionAlreadyRunning,
            message: "A job execution for this job is already running: execution \(executionId) of job '\(jobName)'. "
                + "Wait for it to finish, stop it, or, if its process died, recover it (mark it FAILED) before "
                + "restarting.")
    }
}
