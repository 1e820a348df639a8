import BatchwireCore
import BatchwireStore
import Foundation

extension Scheduler {
    /// Starts a look for stale claims in the background, unless one is still going (the fire loop calls it
    /// every ``SchedulerConfiguration/staleClaimCheckInterval``, after a reconcile, so every schedule is known).
    func startStaleClaimCheck() {
        guard staleClaimCheckRunning.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        Task {
            await self.takeOverStaleClaims()
            self.staleClaimCheckRunning.store(false, ordering: .releasing)
        }
    }

    /// Takes over the slots that a node claimed and never decided because it stopped in between (killed
    /// between the claim and the launch, or while its fire waited on a running execution), and finishes each:
    /// a run the node did start is recorded as the slot's run; otherwise the slot is fired or recorded as
    /// missed under the schedule's misfire policy, as if it had passed while no node could fire it.
    ///
    /// A claim is stale when its node has not heartbeated for ``SchedulerConfiguration/staleClaimAge`` (and the
    /// claim is that old), or when it is this node's own claim from before this scheduler started.
    /// - Returns: how many claims were taken over.
    @discardableResult
    func takeOverStaleClaims() async -> Int {
        // Heartbeats first: other nodes judge this node's own claims by it.
        let store = jobOperator.launcher.store.state
        let nodeID = configuration.nodeID
        let now = self.now()
        let cutoff = now.addingTimeInterval(-configuration.staleClaimAge.seconds)
        let candidates: [BatchwireStateStore.FiredSlot]
        let heartbeats: [String: Date]
        do {
            try await store.heartbeat(nodeID: nodeID, hostName: ProcessInfo.processInfo.hostName, at: now)
            candidates = try await store.undecidedFiredSlots(claimedBefore: max(cutoff, startedAt))
            guard !candidates.isEmpty else { return 0 }
            heartbeats = Dictionary(try await store.nodes().map { ($0.nodeID, $0.heartbeatAt) }, uniquingKeysWith: max)
        } catch {
            logger.warning("could not look for stale slot claims; trying again later", metadata: ["error": "\(error)"])
            return 0
        }
        var taken = 0
        for claim in candidates {
            // Claims not taken over yet stay for the next node (or this one after its restart): shutdown must
            // not wait for a sweep of hundreds of them.
            if state.withLock({ $0.isStopping }) { break }
            let claimedBefore: Date
            if claim.nodeID == nodeID {
                guard claim.claimedAt < startedAt, !isHandledHere(claim) else { continue }
                claimedBefore = startedAt
            } else {
                guard claim.claimedAt < cutoff, (heartbeats[claim.nodeID] ?? .distantPast) < cutoff else { continue }
                claimedBefore = cutoff
            }
            do {
                let won = try await store.takeOverFiredSlot(
                    scheduleID: claim.scheduleID, fireTime: claim.fireTime, fromNode: claim.nodeID,
                    claimedBefore: claimedBefore, toNode: nodeID, at: self.now())
                guard won else { continue }
                taken += 1
                try await finishTakenOver(claim)
            } catch {
                logger.warning(
                    "taking over a stale slot claim failed; trying again later",
                    metadata: ["schedule": "\(claim.scheduleID)", "fire-time": "\(MisfirePlan.iso(claim.fireTime))",
                               "error": "\(error)"])
            }
        }
        return taken
    }

    /// Whether this process is still working on the slot (a fire waiting on a running execution).
    private func isHandledHere(_ claim: BatchwireStateStore.FiredSlot) -> Bool {
        state.withLock { $0.workers[claim.scheduleID]?.waitingSlot == claim.fireTime }
    }

    /// Decides a claim this node just took over.
    private func finishTakenOver(_ claim: BatchwireStateStore.FiredSlot) async throws {
        let store = jobOperator.launcher.store
        let slot = claim.fireTime
        let origin =
            "node \(claim.nodeID) claimed it at \(MisfirePlan.iso(claim.claimedAt)) and stopped before deciding it"
        guard let entry = state.withLock({ $0.schedules[claim.scheduleID]?.entry }) else {
            try await store.state.recordFiredSlotOutcome(
                scheduleID: claim.scheduleID, fireTime: slot, jobExecutionID: nil,
                outcome: "missed: \(origin); the schedule is no longer defined")
            return
        }
        logger.warning("took over a stale slot claim", metadata: recorder.metadata(entry, slot, ["from-node": "\(claim.nodeID)"]))
        if let execution = try await execution(of: entry.jobName, firedAt: slot) {
            // The node got as far as the launch: that run is the slot's run.
            try await recorder.adopted(entry, slot: slot, execution: execution)
            return
        }
        var scan = SlotScan()
        scan.overdue = [slot]
        if let latest = try await store.state.lastFiredSlot(scheduleID: entry.id), latest > slot {
            scan.onTime = [latest]
        }
        let plan = MisfirePlan.plan(scan, definition: entry.definition, now: now())
        if let missed = plan.missed.first {
            try await recorder.missedTakenOver(entry, slot: slot, reason: "\(origin); \(missed.reason)")
        } else {
            state.withLock { $0.activeWorkers += 1 }
            enqueue([.takenOver(slot: slot)], for: entry)
        }
    }

    /// The execution a scheduled fire of `slot` started, if any (among the job's newest instances).
    private func execution(of jobName: String, firedAt slot: Date) async throws -> JobExecution? {
        let explorer = jobOperator.launcher.store.explorer
        let millis = (slot.timeIntervalSince1970 * 1000).rounded()
        let fireTime = JobParameter.Value.date(Date(timeIntervalSince1970: millis / 1000))
        for instance in try await explorer.getJobInstances(jobName: jobName, start: 0, count: 20) {
            for execution in try await explorer.getJobExecutions(jobInstance: instance)
            where execution.jobParameters["fireTime"]?.value == fireTime {
                return execution
            }
        }
        return nil
    }
}
