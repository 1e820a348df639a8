import BatchwireCore
import Foundation

/// The lease a node holds on an execution it runs (`<prefix>BW_EXECUTION_OWNER`): written in the transaction
/// that creates the execution, so no execution ever exists without an owner that recovery can find.
public struct ExecutionLease: Sendable, Hashable {
    /// The node that runs the execution.
    public var nodeID: String
    /// When the lease runs out unless renewed.
    public var expiresAt: Date

    /// A lease.
    public init(nodeID: String, expiresAt: Date) {
        self.nodeID = nodeID
        self.expiresAt = expiresAt
    }
}

/// A claimed schedule slot whose outcome (`started`, with the execution) the launch records with the run.
public struct FiredSlotKey: Sendable, Hashable {
    /// The schedule's id.
    public var scheduleID: String
    /// The slot's nominal instant.
    public var fireTime: Date

    /// A slot.
    public init(scheduleID: String, fireTime: Date) {
        self.scheduleID = scheduleID
        self.fireTime = fireTime
    }
}

/// What a launch transition wrote.
public struct LaunchedExecution<Event: OutboxEventConvertible>: Sendable {
    /// The new execution, STARTING.
    public let execution: JobExecution
    /// The events written with it.
    public let events: [Event]
    /// Whether the instance had no execution before this one (so no step of it ever ran).
    public let isNewInstance: Bool
}

/// A schedule's slot that a launch claims in its own transaction
/// (``JobRepository/launch(claiming:jobName:parameters:restartable:lease:events:)``).
public struct SlotClaim<Event: OutboxEventConvertible>: Sendable {
    /// The slot.
    public var slot: FiredSlotKey
    /// When the slot is claimed (`CLAIMED_AT`).
    public var claimedAt: Date
    /// For a schedule whose overlap policy skips a fire while the job runs: given the running execution's
    /// id, the slot's outcome text and the events to record instead of a run. `nil` launches regardless.
    public var skipWhileRunning: (@Sendable (_ runningExecutionID: Int64) throws -> (outcome: String, events: [Event]))?

    /// A claim.
    public init(
        slot: FiredSlotKey, claimedAt: Date,
        skipWhileRunning: (@Sendable (_ runningExecutionID: Int64) throws -> (outcome: String, events: [Event]))?
    ) {
        self.slot = slot
        self.claimedAt = claimedAt
        self.skipWhileRunning = skipWhileRunning
    }
}

/// What a launch that claims its slot led to.
public enum SlotLaunch<Event: OutboxEventConvertible>: Sendable {
    /// The run was created.
    case launched(LaunchedExecution<Event>)
    /// Another node (or an earlier attempt) holds the slot: nothing was written.
    case claimedElsewhere
    /// The job had a running execution: the slot was recorded skipped, with these events.
    case skipped(runningExecutionID: Int64, events: [Event])
}

/// What a step-start transition wrote.
public struct StartedStep<Event: OutboxEventConvertible>: Sendable {
    /// The new step execution, STARTED.
    public let step: StepExecution
    /// The job execution as saved (STARTED; unchanged if it already was).
    public let execution: JobExecution
    /// The events written with them.
    public let events: [Event]
}

/// Run transitions: each writes everything that belongs to one change of a run in one transaction, and
/// transitions of many runs that arrive together share that transaction (``GroupCommit``), so a burst of
/// launches pays one commit per group rather than several per run.
///
/// A transition that finds a row changed by another process (an operator's stop, another node's recovery)
/// throws `.optimisticLockingFailure` and writes nothing: reload and decide again with the one-transaction
/// methods.
extension JobRepository {
    /// Creates a run: the instance if new, the execution (STARTING), its parameters and job context (Spring 5's
    /// launch rules, as ``createJobExecution(jobName:parameters:restartable:events:)-(_,_,_,(JobExecution,inout OutboxSequence)throws->[Event])``),
    /// the node's lease on it, the slot's outcome (`started`) when a schedule fired it, and the events.
    /// - Parameters:
    ///   - jobName: `JOB_NAME`.
    ///   - parameters: all parameters; the identifying ones decide the instance.
    ///   - restartable: whether the job may run again on an existing instance.
    ///   - lease: the launching node's lease.
    ///   - slot: the fired slot this run is for, if any.
    ///   - events: builds the outbox events from the new execution; one sequence number per event. It may
    ///     run more than once.
    /// - Throws: as `createJobExecution`.
    public func launch<Event: OutboxEventConvertible>(
        jobName: String, parameters: JobParameters, restartable: Bool = true, lease: ExecutionLease,
        slot: FiredSlotKey? = nil,
        events build: @escaping @Sendable (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> LaunchedExecution<Event> {
        let jobKey = context.configuration.jobKeyGenerator.key(for: parameters)
        let names = self.names
        return try await context.groups.run(
            "launch", sequenceValues: [names.jobSequence: 1, names.jobExecutionSequence: 1],
            instanceKeys: [InstanceKey(jobName: jobName, jobKey: jobKey)]
        ) { session in
            try await self.createRun(
                jobName: jobName, jobKey: jobKey, parameters: parameters, restartable: restartable, lease: lease,
                slot: slot, in: session, events: build)
        }
    }

    /// Claims a schedule's slot and creates its run in one transaction: the slot's row (the primary key
    /// decides between nodes, as ``BatchwireStateStore/claimFiredSlot(scheduleID:fireTime:nodeID:at:)``), the
    /// overlap check when asked, and everything ``launch(jobName:parameters:restartable:lease:slot:events:)``
    /// writes. An on-time fire costs one grouped unit this way instead of a claim, a read and a launch.
    /// - Parameters:
    ///   - claim: the slot, and what to record instead of a run while the job has one running.
    ///   - jobName, parameters, restartable, lease, build: as for `launch`.
    /// - Returns: the run, or why none was created (another node holds the slot; the job was running and
    ///   the slot was recorded skipped with `claim`'s events).
    /// - Throws: as `launch`; nothing is written then, not even the claim.
    public func launch<Event: OutboxEventConvertible>(
        claiming claim: SlotClaim<Event>, jobName: String, parameters: JobParameters, restartable: Bool = true,
        lease: ExecutionLease,
        events build: @escaping @Sendable (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> SlotLaunch<Event> {
        let jobKey = context.configuration.jobKeyGenerator.key(for: parameters)
        let names = self.names
        let driver = database.driver
        return try await context.groups.run(
            "launch", sequenceValues: [names.jobSequence: 1, names.jobExecutionSequence: 1],
            runningJobs: claim.skipWhileRunning == nil ? [] : [jobName],
            instanceKeys: [InstanceKey(jobName: jobName, jobKey: jobKey)]
        ) { session in
            // Under `overlap: skip` the running execution is looked for first, so a skipped slot is claimed with
            // its outcome in one statement (its event joins the group's outbox rows).
            var skipped: (runningID: Int64, outcome: String, events: [Event])? = nil
            if let skipRecord = claim.skipWhileRunning,
                let runningID = try await self.newestRunningExecution(ofJob: jobName, in: session)
            {
                let (outcome, events) = try skipRecord(runningID)
                skipped = (runningID, outcome, events)
            }
            do {
                try await session.execute(
                    "INSERT INTO \(names.firedSlot) (SCHEDULE_ID, FIRE_TIME, NODE_ID, CLAIMED_AT, OUTCOME) VALUES (?, ?, ?, ?, ?)",
                    [.text(claim.slot.scheduleID), .instant(claim.slot.fireTime), .text(lease.nodeID),
                     .instant(claim.claimedAt), skipped.map { .text(String($0.outcome.prefix(2500))) } ?? .null])
            } catch where driver.classify(error) == .duplicateKey {
                return .claimedElsewhere
            }
            if let skipped {
                try await OutboxWriter(names: names, session: session).append(skipped.events.map(\.outboxEvent), executionID: nil)
                return .skipped(runningExecutionID: skipped.runningID, events: skipped.events)
            }
            return .launched(
                try await self.createRun(
                    jobName: jobName, jobKey: jobKey, parameters: parameters, restartable: restartable, lease: lease,
                    slot: claim.slot, in: session, events: build))
        }
    }

    /// The writes of a launch inside its unit: execution (and instance), lease, slot outcome, events.
    private func createRun<Event: OutboxEventConvertible>(
        jobName: String, jobKey: String, parameters: JobParameters, restartable: Bool, lease: ExecutionLease,
        slot: FiredSlotKey?, in session: any DatabaseSession,
        events build: @escaping @Sendable (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws -> LaunchedExecution<Event> {
        let names = self.names
        let (execution, isNew) = try await RepositoryWrites(repository: self, session: session).createExecution(
            jobName: jobName, jobKey: jobKey, parameters: parameters, restartable: restartable)
        (session as? GroupedSession)?.noteRunning(jobName: jobName, executionID: execution.id)
        try await session.insert(
            .executionOwner, into: names.executionOwner, ["JOB_EXECUTION_ID", "NODE_ID", "LEASE_EXPIRES_AT"],
            [.int(execution.id), .text(lease.nodeID), .instant(lease.expiresAt)])
        if let slot {
            try await recordStarted(slot, executionID: execution.id, node: lease.nodeID, in: session)
        }
        let events = try await OutboxWriter(names: names, session: session).append(
            executionID: execution.id, isNewExecution: true
        ) { sequence in try build(execution, &sequence) }
        return LaunchedExecution(execution: execution, events: events, isNewInstance: isNew)
    }

    /// Starts a step: the job execution moves to STARTED with `startTime` now if it is STARTING, and the step
    /// execution is inserted STARTED with its context, with the events of both, in one transaction.
    /// - Parameters:
    ///   - execution: the job execution as this process last saved it; updated on success.
    ///   - stepName: the step.
    ///   - executionContext: the step's initial context.
    ///   - events: builds the events from the job as saved (`nil` when it was already STARTED) and the step.
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` when the job row changed meanwhile (a stop asked
    ///   by an operator: synchronize and decide again), `.database`.
    public func startStep<Event: OutboxEventConvertible>(
        of execution: inout JobExecution, stepName: String, executionContext: ExecutionContext,
        events build: @escaping @Sendable (JobExecution?, StepExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> StartedStep<Event> {
        let now = self.now()
        let jobRow = execution.startedByFirstStep(at: now)
        let jobExecutionID = execution.id
        let names = self.names
        let result = try await context.groups.run(
            "startStep", sequenceValues: [names.stepExecutionSequence: 1], outboxExecutions: [jobExecutionID], early: true
        ) { session in
            let writes = RepositoryWrites(repository: self, session: session)
            var saved: JobExecution? = nil
            if let jobRow {
                try await writes.updateExecutionRow(jobRow)
                var bumped = jobRow
                bumped.version += 1
                saved = bumped
            }
            let id = try await self.database.nextValue(of: names.stepExecutionSequence, in: session)
            var step = StepExecution.started(
                id: id, stepName: stepName, jobExecutionID: jobExecutionID, executionContext: executionContext, at: now)
            try await writes.insertStep(step)
            step.executionContext.clearDirtyFlag()
            let created = step
            let jobSaved = saved
            let events = try await OutboxWriter(names: names, session: session).append(executionID: jobExecutionID) {
                sequence in try build(jobSaved, created, &sequence)
            }
            return (step, saved, events)
        }
        if let saved = result.1 { execution = saved }
        return StartedStep(step: result.0, execution: execution, events: result.2)
    }

    /// Ends a step: its row and context, and when `endingJob` is given the job execution's final row and the
    /// release of its lease, with the events, in one transaction.
    /// - Parameters:
    ///   - step: the step with its final status, exit status, end time and context; updated on success.
    ///   - endingJob: the job execution with its final status and end time, or `nil` when more steps follow.
    ///   - events: builds the events from the step and the job as saved.
    /// - Returns: the job as saved (when ended) and the events written.
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` when either row changed meanwhile (nothing is
    ///   written: synchronize and decide again), `.database`.
    public func finishStep<Event: OutboxEventConvertible>(
        _ step: inout StepExecution, endingJob: JobExecution?,
        events build: @escaping @Sendable (StepExecution, JobExecution?, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> (execution: JobExecution?, events: [Event]) {
        let now = self.now()
        var stepRow = step
        stepRow.lastUpdated = now
        let stepToWrite = stepRow
        var jobRow = endingJob
        jobRow?.lastUpdated = now
        if let status = jobRow?.statusToPersist { jobRow?.status = status }
        let jobToWrite = jobRow
        let names = self.names
        let result = try await context.groups.run(
            "finishStep", outboxExecutions: [stepToWrite.jobExecutionId], early: true
        ) { session in
            let writes = RepositoryWrites(repository: self, session: session)
            try await writes.updateStepRow(stepToWrite)
            if stepToWrite.executionContext.isDirty {
                // Unchanged since the step started (written then): nothing to write.
                try await MetadataQueries(context: self.context, session: session).updateContext(
                    stepToWrite.executionContext, table: names.stepExecutionContext, idColumn: "STEP_EXECUTION_ID",
                    id: stepToWrite.id)
            }
            var savedStep = stepToWrite
            savedStep.version += 1
            var savedJob: JobExecution? = nil
            if let jobToWrite {
                try await writes.updateExecutionRow(jobToWrite)
                var bumped = jobToWrite
                bumped.version += 1
                savedJob = bumped
                try await session.delete(
                    .executionOwnerRelease, from: names.executionOwner, where: "JOB_EXECUTION_ID", is: jobToWrite.id,
                    dialect: self.database.dialect)
            }
            let stepSaved = savedStep
            let jobSaved = savedJob
            let events = try await OutboxWriter(names: names, session: session).append(
                executionID: stepToWrite.jobExecutionId
            ) { sequence in try build(stepSaved, jobSaved, &sequence) }
            return (savedStep, savedJob, events)
        }
        step = result.0
        return (result.1, result.2)
    }

    /// Ends a job execution that ends without a step transition (stopped before a step, every step skipped,
    /// a failure outside a step): its row, the release of its lease and its events, in one transaction.
    /// - Throws: ``StoreError`` `.optimisticLockingFailure` when the row changed meanwhile, `.database`.
    public func finishExecution<Event: OutboxEventConvertible>(
        _ execution: inout JobExecution,
        events build: @escaping @Sendable (JobExecution, inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> [Event] {
        var row = execution
        row.lastUpdated = now()
        row.status = row.statusToPersist
        let toWrite = row
        let names = self.names
        let result = try await context.groups.run("finishExecution", outboxExecutions: [toWrite.id], early: true) {
            session in
            try await RepositoryWrites(repository: self, session: session).updateExecutionRow(toWrite)
            var saved = toWrite
            saved.version += 1
            try await session.delete(
                .executionOwnerRelease, from: names.executionOwner, where: "JOB_EXECUTION_ID", is: toWrite.id,
                dialect: self.database.dialect)
            let stored = saved
            let events = try await OutboxWriter(names: names, session: session).append(executionID: toWrite.id) {
                sequence in try build(stored, &sequence)
            }
            return (saved, events)
        }
        execution = result.0
        return result.1
    }
}

extension JobRepository {
    /// The newest STARTING, STARTED or STOPPING execution of the job: in a grouped transaction, as the group
    /// read it for all its launches at once.
    func newestRunningExecution(ofJob jobName: String, in session: any DatabaseSession) async throws -> Int64? {
        if let grouped = session as? GroupedSession {
            return try await grouped.newestRunningExecution(
                ofJob: jobName, jobExecutionTable: names.jobExecution, jobInstanceTable: names.jobInstance)
        }
        return try await session.query(
            "SELECT E.JOB_EXECUTION_ID FROM \(names.jobExecution) E JOIN \(names.jobInstance) I "
                + "ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ? "
                + "AND E.STATUS IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY E.JOB_EXECUTION_ID DESC LIMIT 1",
            [.text(jobName)]
        ).first?.int("JOB_EXECUTION_ID")
    }

    /// Records the slot's outcome `started` with its execution: an upsert on the slot's key, so that the
    /// outcomes of a group's launches are one statement (the claim row exists; the insert branch only writes
    /// a row a concurrent release removed).
    func recordStarted(_ slot: FiredSlotKey, executionID: Int64, node: String, in session: any DatabaseSession)
        async throws
    {
        let columns = ["SCHEDULE_ID", "FIRE_TIME", "NODE_ID", "CLAIMED_AT", "JOB_EXECUTION_ID", "OUTCOME"]
        let suffix =
            switch database.dialect {
            case .mysql:
                " ON DUPLICATE KEY UPDATE JOB_EXECUTION_ID = VALUES(JOB_EXECUTION_ID), OUTCOME = VALUES(OUTCOME)"
            case .sqlite:
                " ON CONFLICT (SCHEDULE_ID, FIRE_TIME) DO UPDATE SET JOB_EXECUTION_ID = excluded.JOB_EXECUTION_ID, "
                    + "OUTCOME = excluded.OUTCOME"
            }
        let statement = DeferredWrites.insert(into: names.firedSlot, columns, suffix: suffix)
        let row: [SQLValue] = [
            .text(slot.scheduleID), .instant(slot.fireTime), .text(node), .instant(Date()), .int(executionID),
            .text("started"),
        ]
        if let grouped = session as? GroupedSession {
            grouped.defer(.firedSlotOutcome, row, statement: statement)
        } else {
            try await session.execute(statement(1), row)
        }
    }
}
