import BatchwireCore
import BatchwireStore
import Foundation

extension JobLauncher {
    /// Runs one step with Spring 5's restart rules (`SimpleStepHandler.shouldStart`).
    /// - Returns: the step execution (the previous one when the step is skipped) and whether it ran.
    /// - Throws: `JobLaunchError` `.startLimitExceeded` or `.jobRestart`; `StoreError`.
    func runStep(
        _ definition: StepDefinition, job: JobDefinition, execution: JobExecution, tracked: RunningExecution
    ) async throws -> (StepExecution, Bool) {
        let repository = store.repository
        let last = try await repository.getLastStepExecution(
            jobInstance: execution.jobInstance, stepName: definition.name)
        let count = try await repository.getStepExecutionCount(
            jobInstance: execution.jobInstance, stepName: definition.name)
        let policy = StepStartPolicy(
            allowStartIfComplete: definition.allowStartIfComplete, startLimit: definition.startLimit ?? Int(Int32.max))
        let context: ExecutionContext
        switch try policy.decide(
            stepName: definition.name, lastStepExecution: last, currentJobExecutionId: execution.id, startCount: count)
        {
        case .skip(let previous):
            logger.info(
                "step skipped: it already completed in an earlier execution",
                metadata: ["execution": "\(execution.id)", "step": "\(definition.name)"])
            return (previous, false)
        case .start(let executionContext):
            context = executionContext
        }

        // The step's first event needs its id: the store builds it inside the creating transaction.
        var (step, created) = try await repository.createStepExecution(
            stepName: definition.name, jobExecutionID: execution.id, executionContext: context,
            events: events.stepChange(of: execution, previous: nil))
        dispatcher?.dispatch(created)

        step.status = .started
        step.startTime = repository.now()
        let (jobStatus, started) = try await repository.update(
            &step, events: events.stepChange(of: execution, previous: .starting))
        dispatcher?.dispatch(started)
        if jobStatus == .stopping || jobStatus == .stopped { tracked.requestStop() }

        let signal = StepStopSignal()
        tracked.attach(signal)
        let result = await perform(definition, job: job, execution: execution, step: step, signal: signal)
        tracked.detach()

        step.status = result.status
        step.exitStatus = result.exitStatus
        step.endTime = repository.now()
        step.executionContext = result.context
        try await repository.updateExecutionContext(of: step)
        let ended = try await repository.update(&step, events: events.stepChange(of: execution, previous: .started))
        dispatcher?.dispatch(ended.events)
        return (step, true)
    }

    /// Runs the step's Swift code or command.
    private func perform(
        _ definition: StepDefinition, job: JobDefinition, execution: JobExecution, step: StepExecution,
        signal: StepStopSignal
    ) async -> StepRunResult {
        if let swiftStep = configuration.swiftStep(job: job.name, step: definition.name) {
            var stepLogger = logger
            stepLogger[metadataKey: "job"] = "\(job.name)"
            stepLogger[metadataKey: "step"] = "\(definition.name)"
            let context = StepContext(
                jobName: job.name, jobInstanceID: execution.jobInstance.id, jobExecutionID: execution.id,
                stepName: definition.name, stepExecutionID: step.id, parameters: execution.jobParameters,
                executionContext: step.executionContext, logger: stepLogger, stopSignal: signal)
            return await SwiftStepRunner().run(swiftStep, context: context)
        }
        let invocation = CommandStepInvocation(
            step: definition, jobName: job.name, jobInstanceID: execution.jobInstance.id, jobExecutionID: execution.id,
            stepExecutionID: step.id, parameters: execution.jobParameters, previousContext: step.executionContext,
            exitCodes: definition.exitCodes)
        return await commandRunner.run(invocation, stopSignal: signal)
    }
}
