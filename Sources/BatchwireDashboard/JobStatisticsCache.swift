import BatchwireCore
import BatchwireStore
import Foundation
import Synchronization

/// Keeps every job's totals over the executions that had finished, so the jobs page reads only the newer ones.
///
/// Totals up to a watermark (below the lowest execution still running when they were read) are kept; each read
/// adds the totals of the executions above it (a primary-key range of `JOB_EXECUTION`) and moves the watermark
/// up. Finished executions rarely change (an abandon moves a FAILED or STOPPED one to ABANDONED): an abandon
/// through the dashboard moves the count at once (``moved(executionID:job:from:to:)``), and the kept totals are
/// read afresh after ``maximumAge``, by ``refresh(_:now:)`` in the background when the daemon runs the
/// dashboard's service (the one read of the whole table, ~300 ms for 100,000 executions on MariaDB, stays off
/// the request path), else by the next request.
final class JobStatisticsCache: Sendable {
    private struct Kept {
        var watermark: Int64
        var totals: [String: JobTotals]
        var readAt: Date
    }

    private let kept = Mutex<Kept?>(nil)
    let maximumAge: TimeInterval

    init(maximumAge: TimeInterval = 600) {
        self.maximumAge = maximumAge
    }

    /// Every job's statistics, exact as of now (but for abandons elsewhere within ``maximumAge``).
    func statistics(_ explorer: JobExplorer, now: Date) async throws(StoreError) -> [JobStatistics] {
        let current = kept.withLock { kept in kept.flatMap { now.timeIntervalSince($0.readAt) < maximumAge ? $0 : nil } }
        var base = current ?? Kept(watermark: 0, totals: [:], readAt: now)
        let newer = try await explorer.jobTotals(executionIDsAbove: base.watermark)
        var totals = base.totals
        for (job, part) in newer.byJob { totals[job, default: JobTotals()].add(part) }
        // Everything below the lowest running execution has finished: keep it.
        let finishedThrough = newer.lowestRunningID.map { $0 - 1 } ?? newer.highestID ?? base.watermark
        if finishedThrough > base.watermark {
            let finished =
                finishedThrough == newer.highestID && newer.lowestRunningID == nil
                ? newer : try await explorer.jobTotals(executionIDsAbove: base.watermark, through: finishedThrough)
            for (job, part) in finished.byJob { base.totals[job, default: JobTotals()].add(part) }
            base.watermark = finishedThrough
        }
        let keep = base
        kept.withLock { $0 = keep }
        return try await explorer.jobStatistics(totals: totals)
    }

    /// Reads the kept totals afresh (every execution once), so no request has to; at start and every
    /// ``maximumAge`` / 2 while the daemon runs.
    func refresh(_ explorer: JobExplorer, now: Date) async throws(StoreError) {
        kept.withLock { $0 = nil }
        _ = try await statistics(explorer, now: now)
    }

    /// A finished execution changed status (an abandon): moves it between the kept counts if they hold it.
    func moved(executionID: Int64, job: String, from old: BatchStatus, to new: BatchStatus) {
        kept.withLock { kept in
            guard var current = kept, executionID <= current.watermark, var totals = current.totals[job],
                let count = totals.countsByStatus[old], count > 0
            else { return }
            totals.countsByStatus[old] = count - 1
            totals.countsByStatus[new, default: 0] += 1
            current.totals[job] = totals
            kept = current
        }
    }
}
