import BatchwireCore
import Foundation

/// Writes job and step executions the way Spring Batch 5's `SimpleJobRepository` does, on either database.
///
/// Every method runs in its own transaction. Deadlocks, lock timeouts, `SQLITE_BUSY` and the duplicate
/// key of two racing first launches are retried inside; callers only ever see ``StoreError``.
///
/// ```swift
/// var execution = try await store.repository.createJobExecution(jobName: "nightly", parameters: parameters)
/// execution.status = .started
/// execution.startTime = store.repository.now()
/// try await store.repository.update(&execution)
/// ```
public final class JobRepository: Sendable {
    let context: StoreContext
    private let clock: @Sendable () -> LocalDateTime

    init(context: StoreContext) {
        self.context = context
        let zone = context.configuration.timeZone
        self.clock = { LocalDateTime.now(in: zone) }
    }

    var names: TableNames { context.names }
    var database: Database { context.database }

    /// The current wall-clock time in the configured zone, cut to microseconds: what the repository writes
    /// to `CREATE_TIME` and `LAST_UPDATED`. Use it for `startTime` and `endTime` too.
    public func now() -> LocalDateTime { clock() }

    // MARK: Launch

    /// Creates the execution for a launch, in one transaction: find the instance by name and JOB_KEY,
    /// check its executions with Spring 5's rules, insert the instance if new, then the execution (STARTING,
    /// exit UNKNOWN), every parameter and the job context (copied from the last execution on a restart).
    ///
    /// Concurrent launches of the same instance are serialised on the instance row (or, for a first
    /// launch, on `JOB_INST_UN`): exactly one wins and the others get `.jobExecutionAlreadyRunning`.
    /// - Parameters:
    ///   - jobName: `JOB_NAME` (at most 100 characters).
    ///   - parameters: all parameters; the identifying ones decide the instance.
    ///   - restartable: whether the job may run again on an existing instance (Spring's `isRestartable()`).
    ///   - events: outbox rows to write in the same transaction (the new execution's id is filled in). Events
    ///     whose payload carries the execution's id or sequence number come from the builder overload instead.
    /// - Returns: the new execution, with its instance, parameters and context.
    /// - Throws: ``StoreError`` with code `.jobExecutionAlreadyRunning` (an execution or a step of the last
    ///   execution is running), `.jobInstanceAlreadyComplete` (COMPLETED or ABANDONED with identifying
    ///   parameters), `.jobRestart` (not restartable, or UNKNOWN), `.jobInstanceWithoutExecution`,
    ///   `.transactionConflict`, `.database`.
    public func createJobExecution(
        jobName: String, parameters: JobParameters, restartable: Bool = true, events: [OutboxEvent] = []
    ) async throws(StoreError) -> JobExecution {
        try await createJobExecution(jobName: jobName, parameters: parameters, restartable: restartable) {
            _, sequence in
            for _ in events { _ = sequence.next() }
            return events
        }.execution
    }

    /// Creates the execution for a launch, like the overload that takes `[OutboxEvent]`, with events that need
    /// the new execution (its id, instance, times) built inside the same transaction: the execution and its
    /// events are committed together or not at all.
    ///
    /// ```swift
    /// let (execution, events) = try await repository.createJobExecution(jobName: "nightly", parameters: parameters) {
    ///     execution, sequence in
    ///     [created(execution, sequence: sequence.next()), starting(execution, sequence: sequence.next())]
    /// }
    /// ```
    /// - Parameters:
    ///   - jobName: `JOB_NAME` (at most 100 characters).
    ///   - parameters: all parameters; the identifying ones decide the instance.
    ///   - restartable: whether the job may run again on an existing instance.
    ///   - events: builds the outbox events from the new execution (STARTING); takes one number from the
    ///     sequence per event (1, 2, … for a new execution). It may run more than once when the transaction is
    ///     retried; only the committed attempt's events are returned.
    /// - Returns: the new execution and the events written with it.
    /// - Throws: as the other overload, and `.invalidArgument` when the builder throws or miscounts (nothing
    ///   is written).
    public func createJobExecution<Event: OutboxEventConvertible>(
        jobName: String, parameters: JobParameters, restartable: Bool = true,
        events build: (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> (execution: JobExecution, events: [Event]) {
        let jobKey = context.configuration.jobKeyGenerator.key(for: parameters)
        return try await database.transaction("createJobExecution", .lockingWrite, retryOnDuplicateKey: true) {
            session in
            let (execution, _) = try await RepositoryWrites(repository: self, session: session).createExecution(
                jobName: jobName, jobKey: jobKey, parameters: parameters, restartable: restartable)
            let events = try await OutboxWriter(names: self.names, session: session).append(
                executionID: execution.id, isNewExecution: true
            ) { sequence in try build(execution, &sequence) }
            return (execution, events)
        }
    }

    // MARK: Job executions

    /// Saves the execution's row with optimistic locking: it succeeds only if the stored VERSION is still
    /// `execution.version`, then bumps both. Sets `lastUpdated` to now, and writes a STOPPING execution that
    /// has an END_TIME as STOPPED (Spring's rule). The context is not written: see
    /// ``updateExecutionContext(of:)-(JobExecution)``.
    ///
    /// Spring's own `update` first calls ``synchronizeStatus(_:)`` and so never fails on a stale version;
    /// call it first to get that behaviour.
    /// - Parameters:
    ///   - execution: the execution; its `version` and `lastUpdated` are updated on success.
    ///   - events: outbox rows written in the same transaction, numbered after the execution's last event
    ///     (payloads that carry that number come from the builder overload instead).
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` when someone else updated the row since it was
    ///   read (reload it and decide again), `.noSuchJobExecution`, `.database`.
    public func update(_ execution: inout JobExecution, events: [OutboxEvent] = []) async throws(StoreError) {
        try await update(&execution) { _, sequence in
            for _ in events { _ = sequence.next() }
            return events
        }
    }

    /// Saves the execution's row like the overload that takes `[OutboxEvent]`, with events built inside the same
    /// transaction from the execution as saved and the execution's next sequence numbers, so an event's
    /// payload can carry the number of its outbox row.
    /// - Parameters:
    ///   - execution: the execution; its `version` and `lastUpdated` are updated on success.
    ///   - events: builds the outbox events from the execution as saved (new version, `lastUpdated`, the
    ///     status written); takes one number from the sequence per event. It may run more than once when the
    ///     transaction is retried.
    /// - Returns: the events written.
    /// - Throws: as the other overload, and `.invalidArgument` when the builder throws or miscounts (nothing
    ///   is written).
    @discardableResult
    public func update<Event: OutboxEventConvertible>(
        _ execution: inout JobExecution, events build: (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> [Event] {
        var updated = execution
        updated.lastUpdated = now()
        updated.status = updated.statusToPersist
        let row = updated
        var saved = updated
        saved.version += 1
        let stored = saved
        let events = try await database.transaction("update(JobExecution)", retryOnDuplicateKey: true) { session in
            try await RepositoryWrites(repository: self, session: session).updateExecutionRow(row)
            return try await OutboxWriter(names: self.names, session: session).append(executionID: row.id) {
                sequence in try build(stored, &sequence)
            }
        }
        execution = saved
        return events
    }

    /// Spring's `synchronizeStatus`: if the stored VERSION differs from `execution.version`, upgrades the
    /// status with the stored one (so a STOPPING set by an operator is seen) and takes the stored version.
    /// - Returns: whether anything changed.
    /// - Throws: ``StoreError`` `.noSuchJobExecution`, `.database`.
    @discardableResult
    public func synchronizeStatus(_ execution: inout JobExecution) async throws(StoreError) -> Bool {
        let id = execution.id
        let stored = try await database.transaction("synchronizeStatus", .read) { session in
            try await RepositoryWrites(repository: self, session: session).storedStatus(ofExecution: id)
        }
        guard stored.0 != execution.version else { return false }
        execution.upgradeStatus(to: stored.1)
        execution.version = stored.0
        return true
    }

    /// Writes the job execution's context (`BATCH_JOB_EXECUTION_CONTEXT`), split as Spring splits it.
    /// - Throws: ``StoreError`` `.database`.
    public func updateExecutionContext(of execution: JobExecution) async throws(StoreError) {
        let executionContext = execution.executionContext
        let id = execution.id
        try await database.transaction("updateExecutionContext(JobExecution)") { session in
            try await MetadataQueries(context: self.context, session: session).updateContext(
                executionContext, table: self.names.jobExecutionContext, idColumn: "JOB_EXECUTION_ID", id: id)
        }
    }

    // MARK: Queries

    /// The last execution (highest id) of the instance for `jobName` and `parameters`, with its parameters,
    /// context and step executions; `nil` if there is no such instance or it has no execution.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getLastJobExecution(jobName: String, parameters: JobParameters) async throws(StoreError) -> JobExecution? {
        let jobKey = context.configuration.jobKeyGenerator.key(for: parameters)
        return try await database.transaction("getLastJobExecution", .read) { session in
            let queries = MetadataQueries(context: self.context, session: session)
            guard let instance = try await queries.instance(jobName: jobName, jobKey: jobKey) else { return nil }
            return try await queries.executions(
                where: "E.JOB_INSTANCE_ID = ?", [.int(instance.id)], suffix: " LIMIT 1"
            ).first
        }
    }

    /// The instance for `jobName` and the identifying `parameters`, if it exists.
    /// - Throws: ``StoreError`` `.database`.
    public func getJobInstance(jobName: String, parameters: JobParameters) async throws(StoreError) -> JobInstance? {
        let jobKey = context.configuration.jobKeyGenerator.key(for: parameters)
        return try await database.transaction("getJobInstance", .read) { session in
            try await MetadataQueries(context: self.context, session: session).instance(jobName: jobName, jobKey: jobKey)
        }
    }

    /// Whether an instance exists for `jobName` and the identifying `parameters` (Spring's `isJobInstanceExists`).
    /// - Throws: ``StoreError`` `.database`.
    public func isJobInstanceExists(jobName: String, parameters: JobParameters) async throws(StoreError) -> Bool {
        try await getJobInstance(jobName: jobName, parameters: parameters) != nil
    }
}
