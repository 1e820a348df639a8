import BatchwireCore

/// Spring Batch 5's rules for launching on an existing instance: the launcher's checks
/// (`TaskExecutorJobLauncher.run`) followed by the repository's (`SimpleJobRepository.createJobExecution`).
struct LaunchCheck {
    let instance: JobInstance
    let parameters: JobParameters
    let restartable: Bool
    let rules: LaunchRules

    /// Throws the error Spring would throw, or returns if a new execution may be created.
    /// - Parameters:
    ///   - executions: every execution of the instance, newest first.
    ///   - lastSteps: the step executions of the newest one.
    func check(executions: [JobExecution], lastSteps: [StepExecution]) throws(StoreError) {
        guard !executions.isEmpty else {
            throw StoreError(
                .jobInstanceWithoutExecution,
                "Cannot find any job execution for job instance: \(instance); repair or delete the instance row")
        }
        // The launcher's checks, against the last execution.
        if !restartable {
            throw StoreError(
                .jobRestart,
                "JobInstance already exists and is not restartable (job \(instance.jobName), instance \(instance.id)); "
                    + "launch with different identifying parameters")
        }
        for step in lastSteps {
            if step.status.isRunning {
                throw StoreError(
                    .jobExecutionAlreadyRunning,
                    "A job execution for this job is already running: step [\(step.stepName)] of job execution "
                        + "\(step.jobExecutionId) is \(step.status); stop it first or wait for it to finish")
            }
            if step.status == .unknown {
                throw StoreError(
                    .jobRestart,
                    "Cannot restart step [\(step.stepName)] from UNKNOWN status. The last execution ended with a failure "
                        + "that could not be rolled back, so it may be dangerous to proceed. Manual intervention is probably necessary.")
            }
        }
        // The repository's checks, against every execution.
        for execution in executions {
            if execution.status.isRunning {
                throw StoreError(
                    .jobExecutionAlreadyRunning,
                    "A job execution for this job is already running: \(instance) (execution \(execution.id) is "
                        + "\(execution.status)); stop it first or wait for it to finish")
            }
            if execution.status == .unknown {
                throw StoreError(
                    .jobRestart,
                    "Cannot restart job from UNKNOWN status. The last execution ended with a failure that could not be "
                        + "rolled back, so it may be dangerous to proceed. Manual intervention is probably necessary.")
            }
            let finished = execution.status == .completed || execution.status == .abandoned
            if finished && (rules == .spring6 || !parameters.identifying.isEmpty) {
                throw StoreError(
                    .jobInstanceAlreadyComplete,
                    "A job instance already exists and is complete for the identifying parameters of \(instance) "
                        + "(execution \(execution.id) is \(execution.status)). If you want to run this job again, "
                        + "change the parameters.")
            }
        }
    }
}
