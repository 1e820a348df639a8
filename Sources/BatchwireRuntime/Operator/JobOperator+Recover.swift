import BatchwireCore
import BatchwireStore
import Foundation

extension JobOperator {
    /// Marks FAILED the executions whose owner stopped renewing its lease (a process killed, a machine
    /// lost), with their running steps, so that they can be restarted. Any live node may call it; each
    /// execution is recovered by exactly one node (it claims the expired lease first). Executions that
    /// this process runs are left alone.
    ///
    /// The exit description says what happened, e.g. "node n1 stopped heartbeating at 2026-11-22T10:00:00Z;
    /// marked FAILED by node n2 at …; restart it with batchwire restart 42".
    /// - Returns: the executions marked FAILED.
    /// - Throws: ``JobOperatorError`` `.store`.
    @discardableResult
    public func recover() async throws(JobOperatorError) -> [JobExecution] {
        let node = launcher.configuration.nodeID
        let now = launcher.wallClock()
        let lease = now.addingTimeInterval(launcher.configuration.leaseDuration.seconds)
        let store = self.store
        guard !launcher.storeFailedWithinLease else { return [] }
        let expired: [BatchwireStateStore.ExecutionOwnership]
        let heartbeats: [String: Date]
        do {
            expired = try await store.state.expiredOwnerships(at: now)
            guard !expired.isEmpty else { return [] }
            heartbeats = Dictionary(try await store.state.nodes().map { ($0.nodeID, $0.heartbeatAt) }, uniquingKeysWith: max)
        } catch {
            launcher.noteStoreFailure()
            throw JobOperatorError.wrapping(error)
        }
        var recovered: [JobExecution] = []
        for ownership in expired where !launcher.isRunningHere(ownership.jobExecutionID) {

            let claimed = try await JobOperatorError.converting {
                try await store.state.claimOwnership(
                    jobExecutionID: ownership.jobExecutionID, nodeID: node, leaseExpiresAt: lease, at: now)
            }
            guard claimed else { continue }
            let lastSign = heartbeats[ownership.nodeID] ?? ownership.leaseExpiresAt
            let reason =
                "node \(ownership.nodeID) stopped heartbeating at \(Self.iso(lastSign)) (lease expired at "
                + "\(Self.iso(ownership.leaseExpiresAt))); marked FAILED by node \(node) at \(Self.iso(now)); "
                + "restart it with batchwire restart \(ownership.jobExecutionID)"
            if let execution = try await markFailed(ownership.jobExecutionID, reason: reason) {
                recovered.append(execution)
            }
            try await JobOperatorError.converting {
                try await store.state.releaseOwnership(jobExecutionID: ownership.jobExecutionID)
            }
        }
        return recovered
    }

    /// Marks a running execution and its running steps FAILED; `nil` if it is missing or already ended.
    private func markFailed(_ id: Int64, reason: String) async throws(JobOperatorError) -> JobExecution? {
        let store = self.store
        let events = launcher.events
        let dispatcher = launcher.dispatcher
        return try await JobOperatorError.converting {
            guard var execution = try await store.explorer.getJobExecution(id: id), execution.isRunning else {
                return nil
            }
            let now = store.repository.now()
            for var step in execution.stepExecutions where step.status.isRunning {
                let previous = step.status
                step.status = .failed
                step.exitStatus = ExitStatus.failed.addingExitDescription(reason)
                step.endTime = now
                let recorded = try await store.repository.update(
                    &step, events: events.stepChange(of: execution, previous: previous))
                dispatcher?.dispatch(recorded.events)
            }
            let previous = execution.status
            execution.status = .failed
            execution.exitStatus = ExitStatus.failed.addingExitDescription(reason)
            execution.endTime = now
            execution.executionContext["batch.recovered"] = .boolean(true)
            try await store.repository.updateExecutionContext(of: execution)
            let recorded = try await store.repository.update(&execution, events: events.jobChange(previous: previous))
            dispatcher?.dispatch(recorded)
            return try await store.explorer.getJobExecution(id: id)
        }
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
