import BatchwireCore
import BatchwireStore
import Foundation

extension JobLauncher {
    /// Whether the step does its work in no time, so that its start and end are written as one transition: a
    /// `noop` step (unless a Swift step is registered under its name, which runs instead).
    func isInstant(_ definition: StepDefinition, job: JobDefinition) -> Bool {
        definition.kind == .noop && configuration.swiftStep(job: job.name, step: definition.name) == nil
    }

    /// Runs an instant step (``isInstant(_:job:)``) as one transition that starts and ends it, and ends the job
    /// with it when it is the last step: the same rows and events as a start and an end, one grouped unit and
    /// one update of the job row instead of two of each.
    /// - Returns: what follows, or `nil` when the job row changed since this process saved it (an operator's
    ///   stop): nothing was written, and the step goes the usual way, which takes the stored status first.
    func runInstantStep(
        _ definition: StepDefinition, execution: inout JobExecution, context: ExecutionContext, isLast: Bool,
        outcome: inout RunOutcome
    ) async throws -> StepProgress? {
        let repository = store.repository
        let result = StepRunResult.noop(context: context)
        var ending: JobExecution? = nil
        if isLast || result.status != .completed {
            // The job's end as Spring concludes it from its last step; the step's id is not part of that.
            var last = StepExecution(
                id: 0, stepName: definition.name, jobExecutionId: execution.id, createTime: repository.now())
            last.status = result.status
            last.exitStatus = result.exitStatus
            var concluded = outcome
            concluded.ranAny = true
            concluded.lastStep = last
            var job = execution
            concluded.conclude(&job, now: repository.now())
            ending = job
        }
        let endingJob = ending
        let current = execution
        let events = self.events
        let instant: InstantStep<RecordedEvent>
        do {
            instant = try await persist(execution.id) { () async throws in
                var copy = current
                return try await repository.runInstantStep(
                    of: &copy, stepName: definition.name, executionContext: result.context, status: result.status,
                    exitStatus: result.exitStatus, endingJob: endingJob
                ) { rows, sequence in
                    var recorded: [RecordedEvent] = []
                    var running = current
                    if let job = rows.startedJob {
                        recorded.append(try events.recorded(events.job(job, previous: .starting, sequence: sequence.next())))
                        running = job
                    }
                    var starting = rows.startedStep
                    starting.status = .starting
                    starting.startTime = nil
                    recorded.append(try events.recorded(events.step(starting, of: current, previous: nil, sequence: sequence.next())))
                    recorded.append(
                        try events.recorded(events.step(rows.startedStep, of: current, previous: .starting, sequence: sequence.next())))
                    recorded.append(
                        try events.recorded(events.step(rows.endedStep, of: running, previous: .started, sequence: sequence.next())))
                    if let job = rows.endedJob {
                        recorded.append(try events.recorded(events.job(job, previous: running.status, sequence: sequence.next())))
                    }
                    return recorded
                }
            }
        } catch where isOptimisticLockingFailure(error) {
            return nil
        }
        execution = instant.execution
        outcome.ranAny = true
        outcome.lastStep = instant.step
        dispatcher?.dispatch(instant.events)
        return endingJob == nil ? .continue : .ended
    }
}
