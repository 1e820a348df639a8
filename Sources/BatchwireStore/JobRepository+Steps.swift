import BatchwireCore

extension JobRepository {
    /// Creates a step execution (Spring's `add(StepExecution)`): a new id from the step sequence, the row
    /// (STARTING, exit EXECUTING, version 0, `CREATE_TIME` = `LAST_UPDATED` = now) and its context row.
    /// - Parameters:
    ///   - stepName: `STEP_NAME` (at most 100 characters).
    ///   - jobExecutionID: the owning job execution.
    ///   - executionContext: the initial context (the previous run's, minus `batch.executed`, on a restart).
    ///   - events: outbox events written in the same transaction.
    /// - Returns: the stored step execution.
    /// - Throws: ``StoreError`` `.noSuchJobExecution`, `.database`.
    public func createStepExecution(
        stepName: String, jobExecutionID: Int64, executionContext: ExecutionContext = ExecutionContext(),
        events: [OutboxEvent] = []
    ) async throws(StoreError) -> StepExecution {
        try await createStepExecution(
            stepName: stepName, jobExecutionID: jobExecutionID, executionContext: executionContext
        ) { _, sequence in
            for _ in events { _ = sequence.next() }
            return events
        }.step
    }

    /// Creates a step execution like the overload that takes `[OutboxEvent]`, with events that need the new
    /// step (its id, times) built inside the same transaction, numbered after the job execution's last event.
    /// - Parameters:
    ///   - stepName: `STEP_NAME` (at most 100 characters).
    ///   - jobExecutionID: the owning job execution.
    ///   - executionContext: the initial context.
    ///   - events: builds the outbox events from the new step (STARTING); takes one number from the job
    ///     execution's sequence per event. It may run more than once when the transaction is retried.
    /// - Returns: the stored step execution and the events written with it.
    /// - Throws: ``StoreError`` `.noSuchJobExecution`, `.database`, `.invalidArgument` when the builder throws
    ///   or miscounts (nothing is written).
    public func createStepExecution<Event: OutboxEventConvertible>(
        stepName: String, jobExecutionID: Int64, executionContext: ExecutionContext = ExecutionContext(),
        events build: (StepExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> (step: StepExecution, events: [Event]) {
        try await database.transaction("createStepExecution", retryOnDuplicateKey: true) { session in
            let exists = try await session.query(
                "SELECT JOB_EXECUTION_ID FROM \(self.names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [.int(jobExecutionID)])
            guard !exists.isEmpty else {
                throw StoreError(.noSuchJobExecution, "job execution \(jobExecutionID) does not exist; create it first")
            }
            let id = try await self.database.nextValue(of: self.names.stepExecutionSequence, in: session)
            let now = self.now()
            var step = StepExecution(
                id: id, stepName: stepName, jobExecutionId: jobExecutionID, createTime: now, lastUpdated: now,
                executionContext: executionContext)
            try await RepositoryWrites(repository: self, session: session).insertStep(step)
            step.executionContext.clearDirtyFlag()
            let created = step
            let events = try await OutboxWriter(names: self.names, session: session).append(
                executionID: jobExecutionID
            ) { sequence in try build(created, &sequence) }
            return (step, events)
        }
    }

    /// Saves the step execution's row with optimistic locking on VERSION (Spring's `update(StepExecution)`),
    /// sets `lastUpdated`, and reads the job execution's stored status in the same transaction: if an
    /// operator asked the job to stop (STOPPING or STOPPED), `step.isTerminateOnly` is set, which is how
    /// Spring's `checkForInterruption` reaches a running step.
    /// - Parameters:
    ///   - step: the step; its `version`, `lastUpdated` and `isTerminateOnly` are updated on success.
    ///   - events: outbox events written in the same transaction.
    /// - Returns: the job execution's stored status.
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` (stale version), `.noSuchStepExecution`, `.database`.
    @discardableResult
    public func update(_ step: inout StepExecution, events: [OutboxEvent] = []) async throws(StoreError) -> BatchStatus {
        try await update(&step) { _, sequence in
            for _ in events { _ = sequence.next() }
            return events
        }.jobStatus
    }

    /// Saves the step execution's row like the overload that takes `[OutboxEvent]`, with events built inside
    /// the same transaction from the step as saved, numbered after the job execution's last event.
    /// - Parameters:
    ///   - step: the step; its `version`, `lastUpdated` and `isTerminateOnly` are updated on success.
    ///   - events: builds the outbox events from the step as saved (new version and `lastUpdated`); takes one
    ///     number from the job execution's sequence per event. It may run more than once when the
    ///     transaction is retried.
    /// - Returns: the job execution's stored status and the events written.
    /// - Throws: as the other overload, and `.invalidArgument` when the builder throws or miscounts (nothing
    ///   is written).
    @discardableResult
    public func update<Event: OutboxEventConvertible>(
        _ step: inout StepExecution, events build: (StepExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> (jobStatus: BatchStatus, events: [Event]) {
        var updated = step
        updated.lastUpdated = now()
        let row = updated
        var saved = updated
        saved.version += 1
        let stored = saved
        let (jobStatus, events) = try await database.transaction("update(StepExecution)", retryOnDuplicateKey: true) {
            session in
            try await RepositoryWrites(repository: self, session: session).updateStepRow(row)
            let events = try await OutboxWriter(names: self.names, session: session).append(
                executionID: row.jobExecutionId
            ) { sequence in try build(stored, &sequence) }
            let job = try await session.query(
                "SELECT STATUS FROM \(self.names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [.int(row.jobExecutionId)])
            let status = try MetadataQueries.status(try job.first?.textIfPresent("STATUS"), table: self.names.jobExecution)
            return (status, events)
        }
        if jobStatus == .stopping || jobStatus == .stopped { saved.isTerminateOnly = true }
        step = saved
        return (jobStatus, events)
    }

    /// Writes the step execution's context (`BATCH_STEP_EXECUTION_CONTEXT`), split as Spring splits it.
    /// - Throws: ``StoreError`` `.database`.
    public func updateExecutionContext(of step: StepExecution) async throws(StoreError) {
        let executionContext = step.executionContext
        let id = step.id
        try await database.transaction("updateExecutionContext(StepExecution)") { session in
            try await MetadataQueries(context: self.context, session: session).updateContext(
                executionContext, table: self.names.stepExecutionContext, idColumn: "STEP_EXECUTION_ID", id: id)
        }
    }

    /// The newest execution of `stepName` across every execution of `instance` (by CREATE_TIME, then id,
    /// as Spring's `getLastStepExecution`), with its context; `nil` if the step never ran.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getLastStepExecution(jobInstance: JobInstance, stepName: String) async throws(StoreError) -> StepExecution? {
        try await database.transaction("getLastStepExecution", .read) { session in
            let queries = MetadataQueries(context: self.context, session: session)
            let rows = try await session.query(
                "SELECT \(MetadataQueries.stepColumns) FROM \(self.names.jobExecution) E JOIN \(self.names.stepExecution) S "
                    + "ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID WHERE E.JOB_INSTANCE_ID = ? AND S.STEP_NAME = ? "
                    + "ORDER BY S.CREATE_TIME DESC, S.STEP_EXECUTION_ID DESC LIMIT 1",
                [.int(jobInstance.id), .text(stepName)])
            guard let row = rows.first else { return nil }
            return try await queries.withContext(try queries.stepRow(row))
        }
    }

    /// How many executions of `stepName` the instance has had (for Spring's start limit).
    /// - Throws: ``StoreError`` `.database`.
    public func getStepExecutionCount(jobInstance: JobInstance, stepName: String) async throws(StoreError) -> Int {
        try await database.transaction("getStepExecutionCount", .read) { session in
            let rows = try await session.query(
                "SELECT COUNT(*) AS N FROM \(self.names.jobExecution) E JOIN \(self.names.stepExecution) S "
                    + "ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID WHERE E.JOB_INSTANCE_ID = ? AND S.STEP_NAME = ?",
                [.int(jobInstance.id), .text(stepName)])
            return Int(try rows.first?.int("N") ?? 0)
        }
    }

    func exitMessage(_ status: ExitStatus) -> String {
        status.truncatedDescription(maxLength: context.configuration.exitMessageLength)
    }
}
