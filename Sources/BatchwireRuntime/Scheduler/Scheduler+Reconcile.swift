import BatchwireCron
import BatchwireStore
import Foundation

extension Scheduler {
    /// Up to this many schedules activated at once read their last slot one by one; more read them all in
    /// one query.
    static var perScheduleLookupLimit: Int { 32 }

    /// Brings the active schedules in line with the registry and the stored pause states: new, changed and
    /// resumed schedules are (re)activated from their last claimed slot, so slots that passed meanwhile go
    /// through the misfire policy; removed and paused ones stop.
    ///
    /// When neither the registry nor any stored pause state changed since the last pass, there is nothing to
    /// do and it returns after reading the pause states: the periodic poll then costs one small query, not a
    /// pass over every schedule (about 80 ms of CPU every 5 s, with the lock held, at 100,000 schedules).
    func reconcile() async {
        let store = jobOperator.launcher.store
        let generation = jobOperator.registry.generation
        let rebuild = state.withLock { $0.registryGeneration != generation }
        let stored: [BatchwireStateStore.ScheduleState]
        do {
            stored = try await store.state.scheduleStates()
        } catch {
            // Cancelled at shutdown: nothing failed, and the next start reads them again.
            guard !Task.isCancelled else { return }
            logger.warning("could not read schedule pause states; trying again shortly", metadata: ["error": "\(error)"])
            refreshSoon()
            return
        }
        let storedPause = Dictionary(stored.map { ($0.scheduleID, $0.isPaused) }, uniquingKeysWith: { _, last in last })
        if !rebuild, state.withLock({ $0.storedPause == storedPause }) { return }
        let plan = activationPlan(rebuild: rebuild, storedPause: storedPause)
        var latest: [String: Date] = [:]
        if !plan.toActivate.isEmpty {
            do {
                if plan.toActivate.count <= Self.perScheduleLookupLimit {
                    // A resume or a changed job: a primary-key lookup each, not a pass over the whole table.
                    for entry in plan.toActivate {
                        latest[entry.id] = try await store.state.lastFiredSlot(scheduleID: entry.id)
                    }
                } else {
                    latest = try await store.state.latestFiredSlots().mapValues(\.fireTime)
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("could not read the last fired slots; trying again shortly", metadata: ["error": "\(error)"])
                refreshSoon()
                return
            }
        }
        let now = self.now()
        let counts = state.withLock { state -> (Int, Int) in
            if let entries = plan.entries {
                let removed = state.schedules.ids.filter { entries[$0] == nil }
                for id in removed { state.schedules[id] = nil }
                state.schedules.reserveCapacity(entries.count)
                for (id, entry) in entries where state.schedules[id]?.entry !== entry {
                    state.schedules[id] = KnownSchedule(entry: entry, active: nil)
                }
            }
            for id in plan.paused { state.schedules[id]?.active = nil }
            for entry in plan.toActivate {
                let token = state.takeToken()
                let cursor = latest[entry.id].map { max($0, entry.definition.start?.addingTimeInterval(-1) ?? $0) } ?? now
                let active = ActiveSchedule(token: token, cursor: cursor, next: nil)
                state.schedules[entry.id] = KnownSchedule(entry: entry, active: active)
                state.queue.insert(FireQueue.Item(due: now, entry: entry, token: token))
            }
            state.paused = plan.paused
            state.storedPause = storedPause
            state.registryGeneration = generation
            return (state.schedules.values.count { $0.active != nil }, plan.paused.count)
        }
        SchedulerMetrics.schedules(active: counts.0, paused: counts.1)
        if rebuild {
            logger.info("schedules loaded", metadata: ["active": "\(counts.0)", "paused": "\(counts.1)"])
            // The rebuild's temporary maps and lists are gone: give their pages back to the system.
            ProcessMemory.returnFreePages()
        }
    }

    /// What a reconcile pass changes, worked out from a snapshot of the known schedules.
    private struct ActivationPlan {
        /// The registry's schedules after a rebuild; `nil` when the registry did not change.
        var entries: [String: ScheduleEntry]?
        /// The ids of the paused schedules.
        var paused: Set<String> = []
        /// New, changed and resumed schedules, to (re)activate from their last claimed slot.
        var toActivate: [ScheduleEntry] = []
    }

    /// Works out the pass outside the lock, on a copy-on-write snapshot of the map that it drops before
    /// returning (the map is changed only by the run loop that calls this, so the snapshot stays current and
    /// the changes after it do not copy the map).
    private func activationPlan(rebuild: Bool, storedPause: [String: Bool]) -> ActivationPlan {
        let current = state.withLock { $0.schedules }
        var plan = ActivationPlan()
        if rebuild { plan.entries = buildEntries(previous: current) }
        func consider(_ entry: ScheduleEntry) {
            if storedPause[entry.id] ?? entry.definition.paused {
                plan.paused.insert(entry.id)
            } else if let known = current[entry.id], known.active != nil, known.entry === entry {
                return  // running unchanged
            } else {
                plan.toActivate.append(entry)
            }
        }
        if let entries = plan.entries {
            for entry in entries.values { consider(entry) }
        } else {
            for known in current.values { consider(known.entry) }
        }
        return plan
    }

    /// The registry's schedules as entries, reusing unchanged ones (a timeline is built once per definition,
    /// and equal cron expressions share their compiled fields).
    private func buildEntries(previous: ScheduleTable) -> [String: ScheduleEntry] {
        var entries: [String: ScheduleEntry] = [:]
        let pool = CronExpressionPool()
        for registered in jobOperator.registry.entries {
            let job = registered.definition
            for (index, definition) in job.schedules.enumerated() {
                let id = ScheduleIdentity.id(job: job.name, schedule: definition, index: index)
                if let old = previous[id]?.entry, old.definition == definition, old.jobName == job.name {
                    entries[id] = old
                    continue
                }
                do {
                    let timeline = try ScheduleTimeline(definition, jobName: job.name, sharing: pool)
                    entries[id] = ScheduleEntry(id: id, jobName: job.name, definition: definition, timeline: timeline)
                } catch {
                    logger.error(
                        "schedule cannot be run; the job's other schedules and other jobs go on",
                        metadata: ["schedule": "\(id)", "location": "\(definition.location)", "error": "\(error)"])
                }
            }
        }
        return entries
    }

    private func refreshSoon() {
        let clock = self.clock
        Task { [weak self] in
            try? await clock.sleep(for: .seconds(1))
            self?.refresh()
        }
    }
}
