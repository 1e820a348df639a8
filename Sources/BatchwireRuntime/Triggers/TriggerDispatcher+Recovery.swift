import BatchwireCore
import BatchwireStore
import Foundation

/// What a node does for the messages another node claimed and then stopped on: a claim without an outcome
/// whose node has sent no heartbeat for a lease is taken over and run, and a debounce window nobody closed
/// is closed.
extension TriggerDispatcher {
    /// Runs the claims and windows of stopped nodes.
    /// - Returns: how many claims and windows this node took over.
    @discardableResult
    public func recoverUndecided() async -> Int {
        let now = configuration.now()
        var recovered = 0
        do {
            let alive = Set(
                try await state.nodes().filter { now.timeIntervalSince($0.heartbeatAt) < configuration.leaseSeconds }.map(\.nodeID))
            for record in try await state.undecidedTriggerFires(receivedBefore: now.addingTimeInterval(-configuration.leaseSeconds))
            where !alive.contains(record.nodeID) || record.nodeID == configuration.nodeID && !isHandling(record) {
                guard let (job, trigger) = trigger(record.triggerID),
                    let parameters = record.parameters.flatMap(Self.decode),
                    try await state.takeOverTriggerFire(record, nodeID: configuration.nodeID)
                else { continue }
                let fire = Fire(
                    triggerID: record.triggerID, job: job, trigger: trigger,
                    input: .message(TriggerMessage(topic: record.source, payload: [])), receivedAt: record.receivedAt,
                    key: record.messageKey)
                _ = try await start(fire, parameters: parameters, reason: "taken over from node \(record.nodeID), which stopped before starting it")
                recovered += 1
            }
            let grace = Double(configuration.debounceGrace.components.seconds) + 1
            for record in try await state.unclosedDebounceWindows(
                endedBefore: now.addingTimeInterval(-grace - configuration.leaseSeconds), since: now.addingTimeInterval(-86_400))
            {
                guard let (job, trigger) = trigger(record.triggerID), let end = record.windowEnd else { continue }
                let fire = Fire(
                    triggerID: record.triggerID, job: job, trigger: trigger,
                    input: .message(TriggerMessage(topic: record.source, payload: [])), receivedAt: record.receivedAt)
                await closeWindow(fire, end: end)
                recovered += 1
            }
        } catch {
            // Cancelled at shutdown: nothing failed, and the next start looks again.
            guard !Task.isCancelled else { return recovered }
            logger.warning("could not look for other nodes' trigger claims", metadata: ["error": "\(error)"])
        }
        return recovered
    }

    /// Whether this node is still working on the claim (a launch waiting under `overlap: queue`).
    private func isHandling(_ record: BatchwireStateStore.TriggerFire) -> Bool {
        // A claim of this node's previous process (same node id, restarted) has no task here; a claim this
        // process waits on is younger than the process's start.
        record.receivedAt >= startedAt
    }
}
