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
            let reason =
                Self.whatHappened(to: ownership, lastHeartbeat: heartbeats[ownership.nodeID], recoveringNode: node)
                + "; marked FAILED by node \(node) at \(Self.iso(now)); "
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

    /// Why the owner's lease ran out, as far as the heartbeats tell: the node stopped (no heartbeat since),
    /// or the node runs again under the same id (this one, or one heartbeating after the lease expired), so
    /// the process that ran the execution ended and its successor does not own it.
    static func whatHappened(
        to ownership: BatchwireStateStore.ExecutionOwnership, lastHeartbeat: Date?, recoveringNode: String
    ) -> String {
        let expired = "lease expired at \(iso(ownership.leaseExpiresAt))"
        if ownership.nodeID == recoveringNode {
            return "the earlier process of node \(ownership.nodeID) that ran it ended (\(expired)); "
                + "the node was restarted"
        }
        if let lastHeartbeat, lastHeartbeat > ownership.leaseExpiresAt {
            return "the process of node \(ownership.nodeID) that ran it ended (\(expired)); the node was "
                + "restarted and heartbeats again (last at \(iso(lastHeartbeat)))"
        }
        return "node \(ownership.nodeID) stopped heartbeating at \(iso(lastHeartbeat ?? ownership.leaseExpiresAt)) "
            + "(\(expired))"
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
