import BatchwireCore
import BatchwireStore
import Foundation
import Logging

/// Writes what became of each slot: the claim, the outcome on the slot's row, the ``ScheduleFireEvent``
/// of a slot that started no run (in the same transaction), the log line, the metrics and the observer.
struct ScheduleFireRecorder: Sendable {
    let launcher: JobLauncher
    let nodeID: String
    let now: @Sendable () -> Date
    let logger: Logger
    let observer: @Sendable (ScheduleFireOutcome) -> Void

    private var state: BatchwireStateStore { launcher.store.state }

    /// Claims the slot for this node. - Returns: `false` when another node has it.
    func claim(_ entry: ScheduleEntry, slot: Date) async throws(StoreError) -> Bool {
        let claimed = try await state.claimFiredSlot(scheduleID: entry.id, fireTime: slot, nodeID: nodeID, at: now())
        if !claimed { report(entry, slot, .claimedElsewhere) }
        return claimed
    }

    /// Gives back a slot this node claimed but did not start (it stopped before the slot was due).
    func release(_ entry: ScheduleEntry, slot: Date) async throws(StoreError) {
        try await state.releaseFiredSlot(scheduleID: entry.id, fireTime: slot, nodeID: nodeID)
        logger.info("released a claimed slot that was not due yet at shutdown", metadata: metadata(entry, slot))
    }

    /// Records a run started for the slot by a node that stopped before the slot's outcome was written with
    /// it (a launch from before outcomes were written with the execution, or by hand): it is the slot's run.
    func adopted(_ entry: ScheduleEntry, slot: Date, execution: JobExecution) async throws(StoreError) {
        try await state.recordFiredSlotOutcome(
            scheduleID: entry.id, fireTime: slot, jobExecutionID: execution.id, outcome: "started")
        started(entry, slot: slot, execution: execution, lateness: nil)
    }

    /// Logs and reports a slot whose run started (its outcome was written with the execution).
    func started(_ entry: ScheduleEntry, slot: Date, execution: JobExecution, lateness: TimeInterval?) {
        logger.info("fired", metadata: metadata(entry, slot, ["execution": "\(execution.id)"]))
        report(entry, slot, .started, executionID: execution.id, lateness: lateness)
    }

    func failed(_ entry: ScheduleEntry, slot: Date, reason: String) async throws(StoreError) {
        try await state.recordFiredSlotOutcome(
            scheduleID: entry.id, fireTime: slot, jobExecutionID: nil, outcome: "failed: \(reason)")
        logger.error("fire failed", metadata: metadata(entry, slot, ["reason": "\(reason)"]))
        report(entry, slot, .failed, reason: reason)
    }

    /// What an on-time launch that claims its slot records instead of a run while the job runs (`overlap:
    /// skip`): the outcome and the slot's event, built inside the launch's transaction.
    func skipWhileRunning(_ entry: ScheduleEntry, slot: Date) -> @Sendable (Int64) throws -> (outcome: String, events: [RecordedEvent]) {
        let policy = "overlap: \(entry.definition.overlap.rawValue)"
        return { running in
            let reason = Self.stillRunning(running)
            let event = self.event(entry, slot, .skipped, policy: policy, reason: reason, running: running)
            return ("\(ScheduleFireEvent.Outcome.skipped.rawValue): \(reason)", [try self.launcher.events.recorded(event)])
        }
    }

    /// Tells listeners, the log, the metrics and the observer about a slot that a launch claimed and recorded
    /// skipped (see ``skipWhileRunning(_:slot:)``).
    func skippedInLaunch(_ entry: ScheduleEntry, slot: Date, running: Int64, events: [RecordedEvent]) {
        launcher.dispatcher?.dispatch(events)
        let reason = Self.stillRunning(running)
        logger.notice("fire skipped", metadata: metadata(entry, slot, ["reason": "\(reason)"]))
        report(entry, slot, .skipped, reason: reason)
    }

    /// Claims and records a slot skipped under `overlap: skip` because this node still runs the job (known
    /// without a database read), with its event; batched with other given-up slots.
    func skippedUnclaimed(_ entry: ScheduleEntry, slot: Date, running: Int64) async throws(StoreError) {
        try await claimGivenUp(
            entry, slot: slot, .skipped, policy: "overlap: \(entry.definition.overlap.rawValue)",
            reason: Self.stillRunning(running), running: running)
    }

    /// Reports a slot another node claimed first.
    func claimedElsewhere(_ entry: ScheduleEntry, slot: Date) {
        report(entry, slot, .claimedElsewhere)
    }

    /// Claims a slot whose launch failed for good and records why (nothing else was written for it).
    func failedUnclaimed(_ entry: ScheduleEntry, slot: Date, reason: String) async throws(StoreError) {
        let claimed = try await state.claimGivenUpSlot(
            scheduleID: entry.id, fireTime: slot, nodeID: nodeID, outcome: "failed: \(reason)", events: [], at: now())
        guard claimed else {
            report(entry, slot, .claimedElsewhere)
            return
        }
        logger.error("fire failed", metadata: metadata(entry, slot, ["reason": "\(reason)"]))
        report(entry, slot, .failed, reason: reason)
    }

    /// Why a slot was skipped under `overlap: skip`.
    static func stillRunning(_ execution: Int64) -> String { "execution \(execution) was still running" }

    /// Records a claimed slot that the overlap policy (or shutdown) gave up.
    func skipped(_ entry: ScheduleEntry, slot: Date, reason: String, policy: String, runningExecutionID: Int64?)
        async throws(StoreError)
    {
        try await givenUp(entry, slot, .skipped, policy: policy, reason: reason, running: runningExecutionID)
    }

    /// Records a slot this node took over (its first node stopped after claiming it) as missed under the
    /// misfire policy, with its event, in one transaction.
    func missedTakenOver(_ entry: ScheduleEntry, slot: Date, reason: String) async throws(StoreError) {
        let policy = "misfire: \(entry.definition.misfire.rawValue)"
        try await givenUp(entry, slot, .missed, policy: policy, reason: reason, running: nil)
    }

    /// Writes the outcome of a slot this node holds and its ``ScheduleFireEvent`` in one transaction, then
    /// tells listeners, the log, the metrics and the observer.
    private func givenUp(
        _ entry: ScheduleEntry, _ slot: Date, _ outcome: ScheduleFireEvent.Outcome, policy: String, reason: String,
        running: Int64?
    ) async throws(StoreError) {
        let event = self.event(entry, slot, outcome, policy: policy, reason: reason, running: running)
        try await state.recordGivenUpSlot(
            scheduleID: entry.id, fireTime: slot, outcome: "\(outcome.rawValue): \(reason)",
            events: [launcher.events.outbox(event)])
        launcher.dispatcher?.dispatch(event)
        logger.notice("fire \(outcome.rawValue)", metadata: metadata(entry, slot, ["reason": "\(reason)"]))
        report(entry, slot, outcome == .skipped ? .skipped : .missed, reason: reason)
    }

    /// Claims and records a slot the misfire policy gave up (or learns another node did).
    func missed(_ entry: ScheduleEntry, slot: Date, reason: String) async throws(StoreError) {
        try await claimGivenUp(
            entry, slot: slot, .missed, policy: "misfire: \(entry.definition.misfire.rawValue)", reason: reason,
            running: nil)
    }

    /// Claims a slot that starts no run and records why, with its event (batched with other given-up slots);
    /// reports it claimed elsewhere when another node was first.
    private func claimGivenUp(
        _ entry: ScheduleEntry, slot: Date, _ outcome: ScheduleFireEvent.Outcome, policy: String, reason: String,
        running: Int64?
    ) async throws(StoreError) {
        let event = self.event(entry, slot, outcome, policy: policy, reason: reason, running: running)
        let claimed = try await state.claimGivenUpSlot(
            scheduleID: entry.id, fireTime: slot, nodeID: nodeID, outcome: "\(outcome.rawValue): \(reason)",
            events: [launcher.events.outbox(event)], at: now())
        guard claimed else {
            report(entry, slot, .claimedElsewhere)
            return
        }
        launcher.dispatcher?.dispatch(event)
        logger.notice("fire \(outcome.rawValue)", metadata: metadata(entry, slot, ["reason": "\(reason)"]))
        report(entry, slot, outcome == .missed ? .missed : .skipped, reason: reason)
    }

    /// Records many older missed slots as one, under the newest of them.
    func missedRange(_ entry: ScheduleEntry, count: Int, range: ClosedRange<Date>, reason: String) async throws(StoreError) {
        let text = "\(reason): \(count) slots from \(MisfirePlan.iso(range.lowerBound)) to \(MisfirePlan.iso(range.upperBound))"
        try await missed(entry, slot: range.upperBound, reason: text)
    }

    private func event(
        _ entry: ScheduleEntry, _ slot: Date, _ outcome: ScheduleFireEvent.Outcome, policy: String, reason: String,
        running: Int64?
    ) -> BatchwireEvent {
        .scheduleFire(
            ScheduleFireEvent(
                sequence: Int64(slot.timeIntervalSince1970.rounded(.down)), timestamp: now(), node: nodeID,
                jobName: entry.jobName, schedule: entry.id, fireTime: slot, outcome: outcome, policy: policy,
                reason: reason, runningExecutionId: running))
    }

    private func report(
        _ entry: ScheduleEntry, _ slot: Date, _ kind: ScheduleFireOutcome.Kind, reason: String? = nil,
        executionID: Int64? = nil, lateness: TimeInterval? = nil
    ) {
        let outcome = ScheduleFireOutcome(
            scheduleID: entry.id, jobName: entry.jobName, fireTime: slot, kind: kind, reason: reason,
            executionID: executionID, lateness: lateness)
        SchedulerMetrics.count(outcome)
        observer(outcome)
    }

    func metadata(_ entry: ScheduleEntry, _ slot: Date, _ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "job": "\(entry.jobName)", "schedule": "\(entry.id)", "fire-time": "\(MisfirePlan.iso(slot))",
        ]
        metadata.merge(extra) { _, new in new }
        return metadata
    }
}
