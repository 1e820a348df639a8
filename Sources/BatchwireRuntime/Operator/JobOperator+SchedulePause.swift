import BatchwireCore
import BatchwireStore
import Foundation

extension JobOperator {
    /// Pauses or resumes, in the shared schedule state, every schedule and trigger `selector` names (`job`: all of
    /// the job's schedules and triggers, `job#schedule` or `job#trigger-N`), one after the other, then calls `afterChanges`, also when a later
    /// one failed after earlier ones changed, so what did change takes effect at once.
    ///
    /// - Parameters:
    ///   - paused: pause (`true`) or resume.
    ///   - selector: `job` or `job#schedule`.
    ///   - reason: why (kept with a pause; a resume clears it).
    ///   - changedBy: who, as recorded (`http@<node>`, `mqtt@<node>`, `cli:<user>`).
    ///   - now: when.
    ///   - listedBy: where the caller's user finds the schedules, for the message of an unknown selector
    ///     (`"the schedules page"`).
    ///   - afterChanges: called once after at least one schedule changed (e.g. the scheduler's refresh).
    /// - Returns: the ids of the schedules changed, in order.
    /// - Throws: ``JobOperatorError`` `.noSuchJob` (no such job or schedule, or a job without schedules), `.store`.
    @discardableResult
    public func setSchedulesPaused(
        _ paused: Bool, selector: String, reason: String?, changedBy: String, at now: Date = Date(),
        listedBy: String, afterChanges: () async -> Void = {}
    ) async throws(JobOperatorError) -> [String] {
        guard let ids = ScheduleOverview.scheduleIDs(matching: selector, in: registry) else {
            throw JobOperatorError(.noSuchJob, "no schedule matches '\(selector)'; \(listedBy) lists them (job or job#schedule)")
        }
        guard !ids.isEmpty else {
            throw JobOperatorError(.noSuchJob, "job '\(selector)' has no schedules to \(paused ? "pause" : "resume")")
        }
        try await setSchedulesPaused(
            paused, ids: ids, reason: reason, changedBy: changedBy, at: now, afterChanges: afterChanges)
        return ids
    }

    /// Pauses or resumes the schedules and triggers `ids` (already resolved) one after the other, then calls
    /// `afterChanges`, also when a later one failed after earlier ones changed.
    /// - Throws: ``JobOperatorError`` `.store`.
    public func setSchedulesPaused(
        _ paused: Bool, ids: [String], reason: String?, changedBy: String, at now: Date = Date(),
        afterChanges: () async -> Void = {}
    ) async throws(JobOperatorError) {
        let state = launcher.store.state
        var changed = 0
        do {
            for id in ids {
                try await JobOperatorError.converting {
                    try await state.setSchedulePaused(
                        scheduleID: id, paused: paused, reason: paused ? reason : nil, changedBy: changedBy, at: now)
                }
                changed += 1
            }
        } catch {
            if changed > 0 { await afterChanges() }
            throw error
        }
        await afterChanges()
    }
}
