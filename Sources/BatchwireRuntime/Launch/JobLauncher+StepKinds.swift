import BatchwireCore
import Foundation

/// The in-process step kinds on the launcher's step seam.
extension JobLauncher {
    /// What an `http` or `mqtt` step needs to know about its execution.
    func inProcessInvocation(
        _ definition: StepDefinition, job: JobDefinition, execution: JobExecution, step: StepExecution
    ) -> InProcessStepInvocation {
        InProcessStepInvocation(
            step: definition,
            values: StepTemplateValues(
                jobName: job.name, stepName: definition.name, jobExecutionID: execution.id,
                jobInstanceID: execution.jobInstance.id, parameters: execution.jobParameters,
                environment: configuration.commandSteps.baseEnvironment),
            stepExecutionID: step.id, previousContext: step.executionContext)
    }

    /// Runs a `swift: NAME` step: the ``SwiftStep`` registered as `NAME`, each attempt bounded by the step's
    /// `timeout` and retried per its `retries`. A name nothing is registered under FAILS the step.
    func runRegisteredSwiftStep(
        _ definition: StepDefinition, job: JobDefinition, execution: JobExecution, step: StepExecution,
        signal: StepStopSignal
    ) async -> StepRunResult {
        let name = definition.swiftStepName ?? definition.name
        var stepLogger = logger
        stepLogger[metadataKey: "job"] = "\(job.name)"
        stepLogger[metadataKey: "step"] = "\(definition.name)"
        let logger = stepLogger
        guard let swiftStep = configuration.swiftStep(job: job.name, named: name) else {
            let now = Date()
            let description =
                "No Swift step is registered as \"\(name)\" on this node; register it in "
                + "LaunchConfiguration.swiftSteps of the application that runs this job."
            let attempt = StepAttempt(
                number: 1, status: .failed,
                exitStatus: ExitStatus(ExitStatus.failed.exitCode, description: description),
                startTime: now, endTime: now)
            return StepRunResult(attempts: [attempt], context: step.executionContext)
        }
        let attempts = InProcessAttempts(
            retries: definition.retries, backoff: configuration.commandSteps.retryBackoff, clock: clock,
            logger: logger)
        let clock = self.clock
        return await attempts.run(previous: step.executionContext, stopSignal: signal) { number, context in
            let startTime = Date()
            // Its own signal: a timeout cancels this attempt without marking the whole step stopped, and a stop
            // reaches the step through it, so that the step can still return a STOPPED outcome with its context.
            let attemptSignal = StepStopSignal()
            signal.onStop { attemptSignal.stop() }
            let attemptContext = StepContext(
                jobName: job.name, jobInstanceID: execution.jobInstance.id, jobExecutionID: execution.id,
                stepName: definition.name, stepExecutionID: step.id, parameters: execution.jobParameters,
                executionContext: context, logger: logger, stopSignal: attemptSignal)
            let race = await InProcessAttempts.race(
                timeoutSeconds: definition.timeoutSeconds, clock: clock, stopSignal: StepStopSignal()
            ) {
                await SwiftStepRunner().run(swiftStep, context: attemptContext)
            }
            switch race {
            case .finished(let result):
                var attempt = result.finalAttempt
                attempt.number = number
                return InProcessAttempts.Outcome(attempt: attempt, context: result.context)
            case .stopped:
                return InProcessAttempts.Outcome(
                    attempt: InProcessAttempts.stopped(number, "Stopped on request."), context: context)
            case .timedOut:
                let seconds = InProcessAttempts.seconds(definition.timeoutSeconds ?? 0)
                let attempt = StepAttempt(
                    number: number, status: .failed,
                    exitStatus: ExitStatus(
                        ExitStatus.failed.exitCode,
                        description: "Timed out after \(seconds) s; the Swift step was cancelled."),
                    terminationRequest: .timeout, startTime: startTime, endTime: Date())
                return InProcessAttempts.Outcome(attempt: attempt, context: context)
            }
        }
    }
}
