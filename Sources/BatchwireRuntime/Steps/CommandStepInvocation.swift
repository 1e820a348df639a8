import BatchwireCore

/// One step execution to run as a command: the step's definition and the ids and parameters of the run.
public struct CommandStepInvocation: Sendable {
    /// The step as its job file defines it.
    public var step: StepDefinition
    /// `BATCH_JOB_NAME`.
    public var jobName: String
    /// `BATCH_JOB_INSTANCE_ID`.
    public var jobInstanceID: Int64
    /// `BATCH_JOB_EXECUTION_ID`.
    public var jobExecutionID: Int64
    /// `BATCH_STEP_EXECUTION_ID`.
    public var stepExecutionID: Int64
    /// The job parameters, passed as `BATCH_PARAM_<name>`.
    public var parameters: JobParameters
    /// The context the previous execution of this step left (on restart), written to the context file
    /// before the process starts. Empty for a first run.
    public var previousContext: ExecutionContext
    /// What the command's exit codes mean.
    public var exitCodes: ExitCodeMapping

    /// An invocation.
    ///
    /// - Parameters:
    ///   - step: the step definition.
    ///   - jobName: the job's name.
    ///   - jobInstanceID: the JOB_INSTANCE_ID.
    ///   - jobExecutionID: the JOB_EXECUTION_ID.
    ///   - stepExecutionID: the STEP_EXECUTION_ID.
    ///   - parameters: the job parameters.
    ///   - previousContext: the context handed back on restart.
    ///   - exitCodes: overrides for exit codes.
    public init(
        step: StepDefinition,
        jobName: String,
        jobInstanceID: Int64,
        jobExecutionID: Int64,
        stepExecutionID: Int64,
        parameters: JobParameters = JobParameters(),
        previousContext: ExecutionContext = ExecutionContext(),
        exitCodes: ExitCodeMapping = ExitCodeMapping()
    ) {
        self.step = step
        self.jobName = jobName
        self.jobInstanceID = jobInstanceID
        self.jobExecutionID = jobExecutionID
        self.stepExecutionID = stepExecutionID
        self.parameters = parameters
        self.previousContext = previousContext
        self.exitCodes = exitCodes
    }
}
