import BatchwireCore
import BatchwireStore
import Foundation

extension Scheduler {
    /// Hands work to the schedule's worker, starting a task for it when none runs. While a fire waits on a
    /// running execution (queue, or a catch-up replay under skip), further on-time fires are skipped at once:
    /// the queue holds one pending fire.
    /// Balances the hand-off count ``fireDue()`` added for this call.
    func enqueue(_ work: [ScheduleWork], for entry: ScheduleEntry) {
        var overflow: [(Date, Date)] = []
        var lateMissed: [ScheduleWork] = []
        let now = self.now()
        let threshold = configuration.misfireThreshold.seconds
        let start = state.withLock { state -> Bool in
            state.activeWorkers -= 1
            guard !state.isStopping else { return false }
            var worker = state.workers[entry.id] ?? ScheduleWorker()
            for item in work {
                if case .fire(let slot, _, false) = item, let waiting = worker.waitingSlot,
                    entry.definition.overlap == .skip || entry.definition.overlap == .queue
                {
                    overflow.append((slot, waiting))
                } else {
                    worker.queue.append(item)
                }
            }
            if worker.isRunning {
                // The worker is busy (an overloaded node, a database outage): fires that waited past the misfire
                // threshold are planned now, and the slots given up are recorded beside it, not after it.
                worker.queue = LateFirePlan.replan(worker.queue, definition: entry.definition, now: now, threshold: threshold)
                let given = worker.queue.prefix { if case .missed = $0 { true } else { false } }
                lateMissed = Array(given)
                worker.queue.removeFirst(given.count)
                if !lateMissed.isEmpty { state.activeWorkers += 1 }
            }
            let start = !worker.isRunning && !worker.queue.isEmpty
            if start {
                worker.isRunning = true
                state.activeWorkers += 1
            }
            if !overflow.isEmpty { state.activeWorkers += 1 }
            state.workers[entry.id] = worker
            return start
        }
        if !lateMissed.isEmpty {
            Task {
                for case .missed(let slot, let reason) in lateMissed {
                    await self.retryingStore(entry, slot) { try await self.recorder.missed(entry, slot: slot, reason: reason) }
                }
                self.state.withLock { $0.activeWorkers -= 1 }
            }
        }
        if !overflow.isEmpty {
            Task {
                for (slot, waiting) in overflow {
                    let reason = "the fire of \(MisfirePlan.iso(waiting)) is already waiting for the running execution"
                    await self.skipWithoutRun(entry, slot: slot, reason: reason)
                }
                self.state.withLock { $0.activeWorkers -= 1 }
            }
        }
        if start {
            Task { await self.drain(entry) }
        }
    }

    private func drain(_ entry: ScheduleEntry) async {
        let threshold = configuration.misfireThreshold.seconds
        while let item = state.withLock({ state -> ScheduleWork? in
            guard var worker = state.workers[entry.id] else { return nil }
            if state.isStopping {
                // Nothing queued here is claimed yet: the next node (or this one after its restart) decides
                // about these slots under the misfire policy. Dropping them lets shutdown end on time.
                worker.queue.removeAll()
            }
            guard !worker.queue.isEmpty else {
                worker.isRunning = false
                state.activeWorkers -= 1
                state.workers[entry.id] = worker.waitingSlot == nil ? nil : worker
                return nil
            }
            worker.queue = LateFirePlan.replan(worker.queue, definition: entry.definition, now: now(), threshold: threshold)
            let item = worker.queue.removeFirst()
            state.workers[entry.id] = worker
            return item
        }) {
            switch item {
            case .fire(let slot, let due, let catchUp):
                await fire(entry, slot: slot, due: due, catchUp: catchUp)
            case .missed(let slot, let reason):
                await retryingStore(entry, slot) { try await self.recorder.missed(entry, slot: slot, reason: reason) }
            case .takenOver(let slot):
                await runClaimed(entry, slot: slot, due: slot, catchUp: true, claimedAt: now())
            case .missedRange(let count, let range, let reason):
                await retryingStore(entry, range.upperBound) {
                    try await self.recorder.missedRange(entry, count: count, range: range, reason: reason)
                }
            }
        }
    }

    private func skipWithoutRun(_ entry: ScheduleEntry, slot: Date, reason: String) async {
        let claimed = await retryingStore(entry, slot) { try await self.recorder.claim(entry, slot: slot) } ?? false
        guard claimed else { return }
        await retryingStore(entry, slot) {
            try await self.recorder.skipped(
                entry, slot: slot, reason: reason, policy: "overlap: \(entry.definition.overlap.rawValue)",
                runningExecutionID: nil)
        }
    }

    /// Claims the slot (up to ``SchedulerConfiguration/claimAhead`` before it is due), waits for the due
    /// instant, applies the overlap policy and starts the run.
    private func fire(_ entry: ScheduleEntry, slot: Date, due: Date, catchUp: Bool) async {
        if !catchUp && due <= now() && (entry.definition.overlap == .skip || entry.definition.overlap == .allow) {
            await fireClaimingAtDue(entry, slot: slot, due: due)
            return
        }
        if !catchUp && entry.definition.overlap == .skip
            && jobOperator.launcher.newestExecutionRunningHere(ofJob: entry.jobName) != nil
        {
            // The job runs here: a claim ahead would most often be followed by a skip, two writes of their own
            // for a slot that starts nothing. Decided at due instead, when the slot is skipped in a batch
            // with the others (the run still going) or claimed in its launch's transaction (the run ended).
            // Not claimed before due, the slot is left to the next node if this one stops first.
            await waitUntilDue(due)
            if state.withLock({ $0.isStopping }) { return }
            await fireClaimingAtDue(entry, slot: slot, due: due)
            return
        }
        let claimedAt = now()
        let claimed = await retryingStore(entry, slot) { try await self.recorder.claim(entry, slot: slot) } ?? false
        guard claimed else { return }
        if !catchUp, await gaveUpLate(entry, slot: slot, due: due) { return }
        var idleBeforeDue = false
        if !catchUp {
            if entry.definition.overlap != .allow && due > now()
                && jobOperator.launcher.newestExecutionRunningHere(ofJob: entry.jobName) == nil
            {
                // Checked while waiting for the due instant, so the launch at due waits on no query; a job
                // busy now (known without a read when it runs here) is checked again at due (its run may end
                // meanwhile).
                idleBeforeDue = await runningExecutions(entry, slot).isEmpty
            }
            await waitUntilDue(due)
            if state.withLock({ $0.isStopping }) {
                // Not due yet when the node began to stop: hand the slot back, so the next node (or this
                // one after its restart) fires it instead of it being lost with the claim.
                await retryingStore(entry, slot) { try await self.recorder.release(entry, slot: slot) }
                return
            }
        }
        await runClaimed(entry, slot: slot, due: due, catchUp: catchUp, claimedAt: claimedAt, idle: idleBeforeDue)
    }

    /// An on-time fire that reached its worker already due (no time was left to claim it ahead: a busy node,
    /// `claimAhead` zero) and whose overlap policy waits for nothing (`skip`, `allow`): one transaction claims
    /// the slot, looks for a running execution (`skip`) and creates the run, so the fire costs one grouped
    /// unit instead of a claim, a read and a launch. (A slot handed over before it is due is still claimed
    /// ahead, which takes the claim off the path from due instant to launch while the database has time.)
    ///
    /// Under `overlap: skip`, a job this node still runs is known without a read: the slot is recorded skipped
    /// in the background (batched with other given-up slots), and the worker goes on to its next slot at once
    /// instead of waiting a transaction to learn what it already knows.
    private func fireClaimingAtDue(_ entry: ScheduleEntry, slot: Date, due: Date) async {
        if entry.definition.overlap == .skip,
            let running = jobOperator.launcher.newestExecutionRunningHere(ofJob: entry.jobName)
        {
            recordInBackground(entry, slot) { try await self.recorder.skippedUnclaimed(entry, slot: slot, running: running) }
            return
        }
        if await gaveUpLate(entry, slot: slot, due: due, claimed: false) { return }
        await launch(entry, slot: slot, lateness: 0, claiming: true)
    }

    /// Writes a slot's record without holding up its worker (retried until the store answers, counted as
    /// active so that ``shutdown()`` waits for it).
    private func recordInBackground(_ entry: ScheduleEntry, _ slot: Date, _ body: @escaping @Sendable () async throws -> Void) {
        state.withLock { $0.activeWorkers += 1 }
        Task {
            await self.retryingStore(entry, slot, body)
            self.state.withLock { $0.activeWorkers -= 1 }
        }
    }

    /// Applies the overlap policy to a slot this node holds and starts the run.
    /// - Parameter idle: the job was found with no running execution moments ago (no need to look again).
    func runClaimed(
        _ entry: ScheduleEntry, slot: Date, due: Date, catchUp: Bool, claimedAt: Date, idle: Bool = false
    ) async {
        let policy = "overlap: \(entry.definition.overlap.rawValue)"
        if entry.definition.overlap == .skip && !catchUp,
            let running = jobOperator.launcher.newestExecutionRunningHere(ofJob: entry.jobName)
        {
            // Still running here: known without a read; recorded in the background, batched with other slots.
            recordInBackground(entry, slot) {
                try await self.recorder.skipped(
                    entry, slot: slot, reason: ScheduleFireRecorder.stillRunning(running), policy: policy,
                    runningExecutionID: running)
            }
            return
        }
        if entry.definition.overlap != .allow && !idle {
            let running = await runningExecutions(entry, slot)
            if let first = running.first {
                switch entry.definition.overlap {
                case .skip where !catchUp:
                    await retryingStore(entry, slot) {
                        try await self.recorder.skipped(
                            entry, slot: slot, reason: ScheduleFireRecorder.stillRunning(first), policy: policy,
                            runningExecutionID: first)
                    }
                    return
                case .cancelRunning:
                    for id in running { _ = try? await jobOperator.stop(executionId: id) }
                    fallthrough
                default:
                    let limit: Duration? = entry.definition.overlap == .cancelRunning ? configuration.cancelRunningTimeout : nil
                    if let reason = await waitUntilIdle(entry, slot: slot, limit: limit) {
                        await retryingStore(entry, slot) {
                            try await self.recorder.skipped(
                                entry, slot: slot, reason: reason, policy: policy, runningExecutionID: first)
                        }
                        return
                    }
                }
            }
        }
        if now().timeIntervalSince(claimedAt) > configuration.staleClaimAge.seconds / 2 {
            // Held long enough (a long overlap wait, a store outage) that another node may have taken the claim
            // over meanwhile: launch only if it is still this node's.
            let store = jobOperator.launcher.store.state
            let nodeID = configuration.nodeID
            let holds = await retryingStore(entry, slot) {
                try await store.holdsUndecidedClaim(scheduleID: entry.id, fireTime: slot, nodeID: nodeID)
            } ?? false
            guard holds else {
                logger.warning(
                    "another node took over this claimed slot while it waited; not starting it here",
                    metadata: recorder.metadata(entry, slot))
                return
            }
        }
        await launch(entry, slot: slot, lateness: catchUp ? nil : now().timeIntervalSince(due))
    }

    /// Starts the run of a claimed slot; its outcome is written with the new execution. A database that does
    /// not answer is retried until it does, as long as the slot stays within the misfire threshold; past it,
    /// the misfire policy decides (`none` records it missed, the others still start it, late).
    /// - Parameter claiming: the slot is not claimed yet: the launch claims it (and applies `overlap: skip`).
    private func launch(_ entry: ScheduleEntry, slot: Date, lateness: TimeInterval?, claiming: Bool = false) async {
        await admission.acquire()
        defer { admission.release() }
        var attempt = 0
        var delay = Duration.milliseconds(50)
        let key = FiredSlotKey(scheduleID: entry.id, fireTime: slot)
        while true {
            attempt += 1
            if lateness != nil, await gaveUpLate(entry, slot: slot, due: entry.due(slot), claimed: !claiming) { return }
            do {
                if claiming {
                    try await launchClaiming(entry, slot: slot, key: key)
                    return
                }
                let execution = try await jobOperator.startNextInstance(jobName: entry.jobName, fireTime: slot, slot: key)
                // On-time fires report how late the run was created (after any wait for admission or the database).
                let startedLate = lateness.map { _ in now().timeIntervalSince(entry.due(slot)) }
                recorder.started(entry, slot: slot, execution: execution, lateness: startedLate)
                return
            } catch {
                if error.code == .store && !state.withLock({ $0.isStopping }) {
                    logger.warning(
                        "the database did not take the launch; retrying until it does",
                        metadata: recorder.metadata(entry, slot, ["attempt": "\(attempt)", "error": "\(error)"]))
                    // Real time, not the scheduler's clock: this waits for the database, not for a slot.
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(2))
                    continue
                }
                if attempt < configuration.launchAttempts && JobOperator.isSlotTaken(error) {
                    try? await clock.sleep(for: .milliseconds(20 * attempt))
                    continue
                }
                await retryingStore(entry, slot) {
                    if claiming {
                        try await self.recorder.failedUnclaimed(entry, slot: slot, reason: error.message)
                    } else {
                        try await self.recorder.failed(entry, slot: slot, reason: error.message)
                    }
                }
                return
            }
        }
    }

    /// Claims the slot and starts its run in one transaction, and reports what became of it.
    private func launchClaiming(_ entry: ScheduleEntry, slot: Date, key: FiredSlotKey) async throws(JobOperatorError) {
        let skip = entry.definition.overlap == .skip ? recorder.skipWhileRunning(entry, slot: slot) : nil
        let claim = SlotClaim(slot: key, claimedAt: now(), skipWhileRunning: skip)
        switch try await jobOperator.startNextInstance(jobName: entry.jobName, claiming: claim) {
        case .launched(let launched):
            recorder.started(entry, slot: slot, execution: launched.execution, lateness: now().timeIntervalSince(entry.due(slot)))
        case .claimedElsewhere:
            recorder.claimedElsewhere(entry, slot: slot)
        case .skipped(let running, let events):
            recorder.skippedInLaunch(entry, slot: slot, running: running, events: events)
        }
    }

    /// Records a claimed on-time slot missed when its misfire policy says it may no longer start: it is later
    /// than the misfire threshold (`none`, or `all` beyond `maxCatchup` with the fires queued behind it), or a
    /// later slot of its schedule is already due (`latest`).
    /// - Returns: whether the slot was given up.
    /// - Parameter claimed: whether this node holds the slot already (else the record claims it).
    private func gaveUpLate(_ entry: ScheduleEntry, slot: Date, due: Date, claimed: Bool = true) async -> Bool {
        let queue = state.withLock { $0.workers[entry.id]?.queue ?? [] }
        guard let reason = LateFirePlan.decideClaimed(
            slot: slot, due: due, queue: queue, definition: entry.definition, now: now(),
            threshold: configuration.misfireThreshold.seconds)
        else { return false }
        await retryingStore(entry, slot) {
            if claimed {
                try await self.recorder.missedTakenOver(entry, slot: slot, reason: reason)
            } else {
                try await self.recorder.missed(entry, slot: slot, reason: reason)
            }
        }
        return true
    }

    /// Sleeps until the wall clock reaches `due` (a slot claimed ahead of time), or until the node stops.
    private func waitUntilDue(_ due: Date) async {
        let remaining = due.timeIntervalSince(now())
        guard remaining > 0 else { return }
        let stopping = self.stopping
        await sleep(until: clock.now.advanced(by: .nanoseconds(Int64(remaining * 1e9)))) { await stopping.wait() }
    }

    /// Runs a store operation until it succeeds (the store may be briefly unreachable: the fire is delayed,
    /// not lost), giving up only when the node shuts down.
    @discardableResult
    func retryingStore<T: Sendable>(
        _ entry: ScheduleEntry, _ slot: Date, _ body: @Sendable () async throws -> T
    ) async -> T? {
        var delay = Duration.milliseconds(200)
        while true {
            do {
                return try await body()
            } catch {
                logger.warning(
                    "store unavailable while handling a fire; retrying",
                    metadata: recorder.metadata(entry, slot, ["error": "\(error)"]))
                if state.withLock({ $0.isStopping }) { return nil }
                try? await clock.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
