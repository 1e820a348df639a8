import BatchwireCore
import BatchwireStore
import Foundation

/// What the overlap policies `queue` and `cancel-running` wait on: the job's running executions.
extension Scheduler {
    /// The job's running executions (any node), retried while the store is unreachable.
    func runningExecutions(_ entry: ScheduleEntry, _ slot: Date) async -> [Int64] {
        await retryingStore(entry, slot) {
            try await self.jobOperator.launcher.store.explorer.findRunningJobExecutionIDs(jobName: entry.jobName)
        } ?? []
    }

    /// Waits until the job has no running execution.
    /// - Returns: `nil` when it has none, or why the fire is given up (shutdown, timeout).
    func waitUntilIdle(_ entry: ScheduleEntry, slot: Date, limit: Duration?) async -> String? {
        state.withLock { $0.workers[entry.id]?.waitingSlot = slot }
        defer { state.withLock { $0.workers[entry.id]?.waitingSlot = nil } }
        let started = clock.now
        while true {
            if state.withLock({ $0.isStopping }) {
                return "this node shut down while the previous execution was still running"
            }
            if let limit, started.duration(to: clock.now) >= limit {
                return "the running execution did not stop within \(limit)"
            }
            await waitForLocalRunOrPoll(running: await runningExecutions(entry, slot))
            if await runningExecutions(entry, slot).isEmpty { return nil }
        }
    }

    /// Sleeps one overlap poll interval, or less when one of `running` runs on this node and ends first.
    private func waitForLocalRunOrPoll(running: [Int64]) async {
        let launcher = jobOperator.launcher
        let local = running.filter { launcher.isRunningHere($0) }
        let clock = self.clock
        let interval = configuration.overlapPollInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(for: interval) }
            for id in local {
                group.addTask { _ = await launcher.waitForExecution(id) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
