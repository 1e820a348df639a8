import BatchwireCore

/// One execution of an in-process step (`http`, `mqtt`): the step's definition, what its placeholders stand for,
/// and the context a previous execution left.
public struct InProcessStepInvocation: Sendable {
    /// The step as its job file defines it.
    public var step: StepDefinition
    /// The values of `${job.name}`, `${param.NAME}`, … for this execution.
    public var values: StepTemplateValues
    /// The STEP_EXECUTION_ID.
    public var stepExecutionID: Int64
    /// The context the previous execution of this step left (on restart); empty on a first run.
    public var previousContext: ExecutionContext

    /// An invocation.
    ///
    /// - Parameters:
    ///   - step: the step definition.
    ///   - values: what the placeholders stand for.
    ///   - stepExecutionID: the STEP_EXECUTION_ID.
    ///   - previousContext: the context handed back on restart.
    public init(
        step: StepDefinition, values: StepTemplateValues, stepExecutionID: Int64,
        previousContext: ExecutionContext = ExecutionContext()
    ) {
        self.step = step
        self.values = values
        self.stepExecutionID = stepExecutionID
        self.previousContext = previousContext
    }
}
