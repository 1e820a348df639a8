import BatchwireCore
import Logging

/// What a ``SwiftStep`` is given: which run it is part of, the job parameters and its previous context.
public struct StepContext: Sendable {
    /// The job's name.
    public var jobName: String
    /// The JOB_INSTANCE_ID.
    public var jobInstanceID: Int64
    /// The JOB_EXECUTION_ID.
    public var jobExecutionID: Int64
    /// The step's name.
    public var stepName: String
    /// The STEP_EXECUTION_ID.
    public var stepExecutionID: Int64
    /// The job parameters.
    public var parameters: JobParameters
    /// The context the previous execution of this step left (on restart); empty on a first run.
    public var executionContext: ExecutionContext
    /// Where the step should log; carries the job and step in its metadata.
    public var logger: Logger
    /// The stop signal the launcher raises when the execution is stopped.
    public var stopSignal: StepStopSignal

    /// A step context.
    ///
    /// - Parameters:
    ///   - jobName: the job's name.
    ///   - jobInstanceID: the JOB_INSTANCE_ID.
    ///   - jobExecutionID: the JOB_EXECUTION_ID.
    ///   - stepName: the step's name.
    ///   - stepExecutionID: the STEP_EXECUTION_ID.
    ///   - parameters: the job parameters.
    ///   - executionContext: the previous context.
    ///   - logger: the step's logger.
    ///   - stopSignal: the signal ``StepStopSignal/stop()`` is called on.
    public init(
        jobName: String,
        jobInstanceID: Int64,
        jobExecutionID: Int64,
        stepName: String,
        stepExecutionID: Int64,
        parameters: JobParameters = JobParameters(),
        executionContext: ExecutionContext = ExecutionContext(),
        logger: Logger,
        stopSignal: StepStopSignal = StepStopSignal()
    ) {
        self.jobName = jobName
        self.jobInstanceID = jobInstanceID
        self.jobExecutionID = jobExecutionID
        self.stepName = stepName
        self.stepExecutionID = stepExecutionID
        self.parameters = parameters
        self.executionContext = executionContext
        self.logger = logger
        self.stopSignal = stopSignal
    }

    /// Whether the step was asked to stop; long loops should check it (or `Task.isCancelled`).
    public var isStopRequested: Bool { stopSignal.isStopRequested }
}
