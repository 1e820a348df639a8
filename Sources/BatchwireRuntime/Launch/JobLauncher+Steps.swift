import BatchwireCore
import BatchwireStore
import Foundation

/// Whether the run goes on after a step.
enum StepProgress {
    /// The step's transition ended the job.
    case ended
    /// More steps follow (or the step was skipped).
    case `continue`
}

extension JobLauncher {
    /// Runs one step with Spring 5's restart rules (`SimpleStepHandler.shouldStart`): the step starts in one
    /// transition (with the job's STARTED when it is the first) and ends in another, which also ends the job
    /// when this step is its last or did not complete. An instant step (`noop`) does both in one transition.
    /// - Throws: `JobLaunchError` `.startLimitExceeded` or `.jobRestart`; `StoreError`.
    func runStep(
        _ definition: StepDefinition, job: JobDefinition, execution: inout JobExecution, isNewInstance: Bool,
        isLast: Bool, outcome: inout RunOutcome, tracked: RunningExecution
    ) async throws -> StepProgress {
        guard let context = try await startingContext(definition, execution: execution, isNewInstance: isNewInstance)
        else {
            outcome.lastStep = try await lastStepExecution(definition, execution: execution)
            return .continue
        }
        if isInstant(definition, job: job), !tracked.isStopRequested,
            let progress = try await runInstantStep(
                definition, execution: &execution, context: context, isLast: isLast, outcome: &outcome)
        {
            return progress
        }
        guard var step = try await start(definition, execution: &execution, context: context, tracked: tracked) else {
            return .ended
        }

        let signal = StepStopSignal()
        tracked.attach(signal)
        let result = await perform(definition, job: job, execution: execution, step: step, signal: signal)
        tracked.detach()
        if tracked.hasLostLease { throw LeaseLostError(executionID: execution.id) }

        step.status = result.status
        step.exitStatus = result.exitStatus
        step.endTime = store.repository.now()
        step.executionContext = result.context
        outcome.ranAny = true
        outcome.lastStep = step
        let endsJob = isLast || step.status != .completed
        try await finish(&step, execution: &execution, endsJob: endsJob, outcome: outcome, tracked: tracked)
        outcome.lastStep = step
        return endsJob ? .ended : .continue
    }

    /// The step's starting context, or `nil` when Spring's rules skip it (COMPLETED in an earlier execution).
    /// A new instance has no earlier step, so nothing is read for it.
    private func startingContext(
        _ definition: StepDefinition, execution: JobExecution, isNewInstance: Bool
    ) async throws -> ExecutionContext? {
        if isNewInstance { return ExecutionContext() }
        let last = try await lastStepExecution(definition, execution: execution)
        let instance = execution.jobInstance
        let count = try await persist(execution.id) { () async throws in
            try await self.store.repository.getStepExecutionCount(jobInstance: instance, stepName: definition.name)
        }
        let policy = StepStartPolicy(
            allowStartIfComplete: definition.allowStartIfComplete, startLimit: definition.startLimit ?? Int(Int32.max))
        switch try policy.decide(
            stepName: definition.name, lastStepExecution: last, currentJobExecutionId: execution.id, startCount: count)
        {
        case .skip:
            logger.info(
                "step skipped: it already completed in an earlier execution",
                metadata: ["execution": "\(execution.id)", "step": "\(definition.name)"])
            return nil
        case .start(let executionContext):
            return executionContext
        }
    }

    private func lastStepExecution(_ definition: StepDefinition, execution: JobExecution) async throws -> StepExecution? {
        let instance = execution.jobInstance
        return try await persist(execution.id) { () async throws in
            try await self.store.repository.getLastStepExecution(jobInstance: instance, stepName: definition.name)
        }
    }

    /// The step-start transition. When the job row changed since this process saved it (an operator asked it
    /// to stop), takes the stored status: a stop ends the run here, before the step.
    /// - Returns: the step, STARTED; `nil` when the run ended instead.
    private func start(
        _ definition: StepDefinition, execution: inout JobExecution, context: ExecutionContext,
        tracked: RunningExecution
    ) async throws -> StepExecution? {
        let events = self.events
        let id = execution.id
        while true {
            let current = execution
            do {
                let started = try await persist(id) { () async throws in
                    var copy = current
                    return try await self.store.repository.startStep(
                        of: &copy, stepName: definition.name, executionContext: context
                    ) { job, step, sequence in
                        var recorded: [RecordedEvent] = []
                        if let job {
                            recorded.append(try events.recorded(events.job(job, previous: .starting, sequence: sequence.next())))
                        }
                        var starting = step
                        starting.status = .starting
                        starting.startTime = nil
                        recorded.append(
                            try events.recorded(events.step(starting, of: current, previous: nil, sequence: sequence.next())))
                        recorded.append(
                            try events.recorded(events.step(step, of: current, previous: .starting, sequence: sequence.next())))
                        return recorded
                    }
                }
                execution = started.execution
                dispatcher?.dispatch(started.events)
                return started.step
            } catch where isOptimisticLockingFailure(error) {
                let synchronized = try await persist(id) { () async throws in
                    var copy = current
                    try await self.store.repository.synchronizeStatus(&copy)
                    return copy
                }
                execution = synchronized
                guard execution.status == .starting || execution.status == .started else {
                    tracked.requestStop()
                    let repository = store.repository
                    try await end(&execution, tracked) { execution in
                        execution.status = .stopped
                        execution.exitStatus = ExitStatus.stopped.addingExitDescription(
                            execution.startTime == nil
                                ? "stopped before it started" : "stopped between steps; restart it to run the remaining steps")
                        execution.endTime = repository.now()
                    }
                    return nil
                }
            }
        }
    }

    /// The step-end transition, with the job's end when `endsJob`. When a row changed meanwhile (a stop, another
    /// node's verdict), writes the step on its own and ends the job through ``end(_:_:_:)``, which takes the
    /// stored status first.
    private func finish(
        _ step: inout StepExecution, execution: inout JobExecution, endsJob: Bool, outcome: RunOutcome,
        tracked: RunningExecution
    ) async throws {
        let events = self.events
        let repository = store.repository
        if tracked.isStopRequested {
            // A stop asked through the database changed the job's row: take its version and status first, so
            // the step's end and the job's STOPPED go in one transition instead of a refused one and a retry.
            let current = execution
            execution = try await persist(execution.id) { () async throws in
                var copy = current
                try await repository.synchronizeStatus(&copy)
                return copy
            }
            if [.failed, .abandoned, .unknown].contains(execution.status) {
                // Another node ended it (recovered it after our lease ran out, or an operator abandoned it).
                tracked.loseLease()
                throw LeaseLostError(executionID: execution.id)
            }
        }
        var ending: JobExecution? = nil
        if endsJob {
            var concluded = execution
            outcome.conclude(&concluded, now: step.endTime ?? repository.now())
            ending = concluded
        }
        let endingJob = ending
        let current = execution
        let finished = step
        do {
            let (savedStep, savedJob, recorded) = try await persist(execution.id) { () async throws in
                var written = finished
                let (job, recorded) = try await repository.finishStep(&written, endingJob: endingJob) {
                    step, job, sequence in
                    var list = [try events.recorded(events.step(step, of: current, previous: .started, sequence: sequence.next()))]
                    if let job {
                        list.append(try events.recorded(events.job(job, previous: current.status, sequence: sequence.next())))
                    }
                    return list
                }
                return (written, job, recorded)
            }
            step = savedStep
            if let savedJob { execution = savedJob }
            dispatcher?.dispatch(recorded)
        } catch where isOptimisticLockingFailure(error) {
            let written = try await persist(execution.id) { () async throws in
                var row = finished
                try await repository.updateExecutionContext(of: row)
                let recorded = try await repository.update(&row, events: events.stepChange(of: current, previous: .started))
                return (row, recorded.events, recorded.jobStatus)
            }
            step = written.0
            dispatcher?.dispatch(written.1)
            if written.2 == .stopping || written.2 == .stopped { tracked.requestStop() }
            if endsJob {
                let now = step.endTime ?? repository.now()
                try await end(&execution, tracked) { execution in outcome.conclude(&execution, now: now) }
            }
        }
    }

    /// Runs the step: a Swift step registered under its name, or its kind (command, http, mqtt, swift, noop).
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
        switch definition.kind {
        case .noop:
            return StepRunResult.noop(context: step.executionContext)
        case .http:
            return await httpRunner.run(
                inProcessInvocation(definition, job: job, execution: execution, step: step), stopSignal: signal)
        case .mqtt:
            return await mqttRunner.run(
                inProcessInvocation(definition, job: job, execution: execution, step: step), stopSignal: signal)
        case .swift:
            return await runRegisteredSwiftStep(definition, job: job, execution: execution, step: step, signal: signal)
        case .command:
            let invocation = CommandStepInvocation(
                step: definition, jobName: job.name, jobInstanceID: execution.jobInstance.id,
                jobExecutionID: execution.id, stepExecutionID: step.id, parameters: execution.jobParameters,
                previousContext: step.executionContext, exitCodes: definition.exitCodes)
            return await commandRunner.run(invocation, stopSignal: signal)
        }
    }
}

/// The execution's lease went to another node while this process ran it: the step's result is not written.
struct LeaseLostError: Error, CustomStringConvertible {
    let executionID: Int64
    var description: String {
        "another node took over execution \(executionID) (its lease ran out here); that node records how it ended"
    }
}
