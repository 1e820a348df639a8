import BatchwireCore

/// A step that started and ended in one transition, as ``JobRepository/runInstantStep(of:stepName:executionContext:status:exitStatus:endingJob:events:)``
/// wrote it.
public struct InstantStep<Event: Sendable>: Sendable {
    /// The step as saved, ended.
    public let step: StepExecution
    /// The job execution as saved (STARTED, or ended when the step ended it).
    public let execution: JobExecution
    /// The events written with them.
    public let events: [Event]
}

/// The rows an instant step's events describe: what ``JobRepository/startStep(of:stepName:executionContext:events:)``
/// and ``JobRepository/finishStep(_:endingJob:events:)`` would each have written, had they run one after
/// the other.
public struct InstantStepRows: Sendable {
    /// The job as it started (STARTING → STARTED), or `nil` when it was already STARTED.
    public let startedJob: JobExecution?
    /// The step as it started.
    public let startedStep: StepExecution
    /// The step as it ended.
    public let endedStep: StepExecution
    /// The job as it ended with this step, or `nil` when more steps follow.
    public let endedJob: JobExecution?
}

extension JobRepository {
    /// Starts and ends a step that does its work in no time (a `noop` step) in one transition: the step row
    /// is inserted ended, the job row moves once (to STARTED, or straight to its end when `endingJob` is
    /// given, releasing the lease), and every event of both transitions is written with them. It costs one
    /// grouped unit and one job row update where ``startStep(of:stepName:executionContext:events:)`` then
    /// ``finishStep(_:endingJob:events:)`` cost two of each.
    /// - Parameters:
    ///   - execution: the job execution as this process last saved it; updated on success.
    ///   - stepName: the step.
    ///   - executionContext: the step's context.
    ///   - status: the step's final status.
    ///   - exitStatus: the step's exit status.
    ///   - endingJob: the job execution with its final status and end time, or `nil` when more steps follow.
    ///     Its start time, when missing, is the step's.
    ///   - events: builds the events of both transitions from the rows as saved.
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` when the job row changed meanwhile (an operator's
    ///   stop: nothing is written; synchronize and decide again), `.database`.
    public func runInstantStep<Event: OutboxEventConvertible>(
        of execution: inout JobExecution, stepName: String, executionContext: ExecutionContext, status: BatchStatus,
        exitStatus: ExitStatus, endingJob: JobExecution?,
        events build: @escaping @Sendable (InstantStepRows, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> InstantStep<Event> {
        let now = self.now()
        let started = execution.startedByFirstStep(at: now)
        var ended: JobExecution? = nil
        if var job = endingJob {
            job.startTime = job.startTime ?? now
            job.lastUpdated = now
            job.status = job.statusToPersist
            ended = job
        }
        // One update of the job row carries both transitions: its end when the step ends it, else its start.
        let jobRow = ended ?? started
        let startedJob = started
        let endedJob = ended
        let jobExecutionID = execution.id
        let names = self.names
        let result = try await context.groups.run(
            "runInstantStep", sequenceValues: [names.stepExecutionSequence: 1], outboxExecutions: [jobExecutionID],
            early: true
        ) { session in
            let writes = RepositoryWrites(repository: self, session: session)
            if let jobRow {
                try await writes.updateExecutionRow(jobRow)
                if endedJob != nil {
                    try await session.delete(
                        .executionOwnerRelease, from: names.executionOwner, where: "JOB_EXECUTION_ID", is: jobRow.id,
                        dialect: self.database.dialect)
                }
            }
            let id = try await self.database.nextValue(of: names.stepExecutionSequence, in: session)
            let begun = StepExecution.started(
                id: id, stepName: stepName, jobExecutionID: jobExecutionID, executionContext: executionContext, at: now)
            var finished = begun
            finished.status = status
            finished.exitStatus = exitStatus
            finished.endTime = now
            try await writes.insertStep(finished)
            finished.executionContext.clearDirtyFlag()
            let rows = InstantStepRows(
                startedJob: startedJob, startedStep: begun, endedStep: finished, endedJob: endedJob)
            let events = try await OutboxWriter(names: names, session: session).append(executionID: jobExecutionID) {
                sequence in try build(rows, &sequence)
            }
            return (finished, events)
        }
        if var saved = jobRow {
            saved.version += 1
            execution = saved
        }
        return InstantStep(step: result.0, execution: execution, events: result.1)
    }
}
