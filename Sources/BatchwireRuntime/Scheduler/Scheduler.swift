import BatchwireConcurrency
import BatchwireCore
import BatchwireStore
import Foundation
import Logging
import Synchronization

/// Fires the schedules of the registry's jobs: `batchwire serve`'s heart.
///
/// It keeps the next due instant of every active schedule in a min-heap (``FireQueue``) and sleeps until
/// the earliest, so idle cost does not grow with the number of schedules. A due slot is claimed in the
/// store (``BatchwireStateStore/claimFiredSlot(scheduleID:fireTime:nodeID:at:)``: one row per slot, the
/// primary key decides), so several nodes on one database fire each slot exactly once, by whichever
/// claims it first; the claiming node calls ``JobOperator/startNextInstance(jobName:fireTime:)`` with the
/// slot as the fire time. Slots missed while no node ran (or while paused) follow the schedule's misfire
/// policy within its catch-up window and cap; a fire that finds the job still running follows its
/// overlap policy. Every slot that starts no run is recorded with its reason and announced as a
/// ``ScheduleFireEvent``.
///
/// ```swift
/// let scheduler = Scheduler(jobOperator: jobOperator, configuration: SchedulerConfiguration(nodeID: "node-1"),
///                           clock: ContinuousClock(), logger: logger)
/// let task = Task { await scheduler.run() }   // until cancelled
/// scheduler.refresh()                          // after the job folder or a pause changed
/// task.cancel(); await scheduler.shutdown()    // stop firing, let in-flight launches finish
/// ```
public final class Scheduler<C: Clock>: Sendable where C.Duration == Duration {
    let jobOperator: JobOperator
    let configuration: SchedulerConfiguration
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    let recorder: ScheduleFireRecorder
    /// When this scheduler was made: claims of this node from before then belong to an earlier process.
    let startedAt: Date
    let state = Mutex(SchedulerState())
    private let wake = WakeSignal()
    /// Opened by ``shutdown()``: wakes the workers waiting for a claimed slot's due instant.
    let stopping = StopLatch()
    /// The bound on launches in flight (``SchedulerConfiguration/maxLaunchesInFlight``).
    let admission: LaunchAdmission
    private let refreshRequested = Atomic<Bool>(false)
    let staleClaimCheckRunning = Atomic<Bool>(false)

    /// A scheduler.
    ///
    /// - Parameters:
    ///   - jobOperator: launches the runs (its registry is the set of jobs, its store records slots).
    ///   - configuration: node id, thresholds and intervals.
    ///   - clock: what the scheduler sleeps on (tests inject a manual clock).
    ///   - now: the current instant; must advance with `clock`.
    ///   - logger: fires are logged with job, schedule, fire-time and execution metadata.
    ///   - observer: told every slot's outcome on this node (tests and benchmarks).
    public init(
        jobOperator: JobOperator, configuration: SchedulerConfiguration, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        observer: @escaping @Sendable (ScheduleFireOutcome) -> Void = { _ in }
    ) {
        self.jobOperator = jobOperator
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
        self.startedAt = now()
        self.admission = LaunchAdmission(limit: configuration.maxLaunchesInFlight)
        self.recorder = ScheduleFireRecorder(
            launcher: jobOperator.launcher, nodeID: configuration.nodeID, now: now, logger: logger, observer: observer)
    }

    /// Fires schedules until the task is cancelled. Store errors are logged and retried; they delay fires,
    /// they do not lose them (the misfire policy decides about slots that passed meanwhile).
    /// Claims left undecided by a node that stopped are taken over meanwhile (see
    /// ``SchedulerConfiguration/staleClaimAge``).
    public func run() async {
        var nextPausePoll = clock.now
        var nextStaleClaimCheck = clock.now
        while !Task.isCancelled {
            if refreshRequested.exchange(false, ordering: .relaxed) || registryChanged() || clock.now >= nextPausePoll {
                await reconcile()
                nextPausePoll = clock.now.advanced(by: configuration.pausePollInterval)
            }
            if clock.now >= nextStaleClaimCheck {
                startStaleClaimCheck()
                nextStaleClaimCheck = clock.now.advanced(by: configuration.staleClaimCheckInterval)
            }
            fireDue()
            await sleep(until: min(nextPausePoll, nextStaleClaimCheck))
        }
    }

    /// Re-reads the registry and the pause states at the next opportunity (call it after the job folder
    /// was reloaded or a schedule paused or resumed).
    public func refresh() {
        refreshRequested.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// Stops firing and waits until every fire this node already claimed was started or given up.
    /// Call it after cancelling ``run()``, before stopping the launcher's executions.
    public func shutdown() async {
        state.withLock { $0.isStopping = true }
        wake.signal()
        stopping.open()
        admission.openForShutdown()
        while state.withLock({ $0.activeWorkers > 0 }) || staleClaimCheckRunning.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Every schedule the registry defines, with its state here and its next due instant.
    public func statuses() -> [ScheduleRuntimeStatus] {
        state.withLock { state in
            state.schedules.values.map { known in
                ScheduleRuntimeStatus(
                    scheduleID: known.entry.id, jobName: known.entry.jobName,
                    isPaused: state.paused.contains(known.entry.id), nextFire: known.active?.next?.slot,
                    nextDue: known.active?.next?.due)
            }
        }.sorted { $0.scheduleID < $1.scheduleID }
    }

    private func registryChanged() -> Bool {
        let generation = jobOperator.registry.generation
        return state.withLock { $0.registryGeneration != generation }
    }

    /// Pops every queue item that is due, scans its schedule and hands the work to its worker, in batches of
    /// ``fireBatch`` items per hold of the lock (the first scan of 100,000 schedules held it 0.3-1 s).
    func fireDue() {
        let now = self.now()
        // On-time slots are handed over `claimAhead` early; the worker claims them and launches at the due
        // instant. The threshold grows by as much, so what counts as overdue stays relative to now.
        let ahead = configuration.claimAhead.seconds
        let horizon = now.addingTimeInterval(ahead)
        let threshold = configuration.misfireThreshold.seconds + ahead
        var more = true
        while more {
            var handOff: [(ScheduleEntry, [ScheduleWork])] = []
            more = state.withLock { state in
                guard !state.isStopping else { return false }
                var handled = 0
                while handled < Self.fireBatch, let head = state.queue.first, head.due <= horizon {
                    handled += 1
                    _ = state.queue.popFirst()
                    guard let known = state.schedules[head.scheduleID], var active = known.active, active.token == head.token
                    else { continue }
                    let entry = known.entry
                    let firstDue = active.next.map { $0.due }
                    let scan = SlotScan.scan(entry, after: active.cursor, firstDue: firstDue, now: horizon, threshold: threshold)
                    let work = Self.work(for: scan, entry: entry, now: now)
                    if let last = scan.onTime.last ?? scan.overdue.last { active.cursor = max(active.cursor, last) }
                    active.next = scan.next
                    if let next = scan.next {
                        state.queue.insert(FireQueue.Item(due: next.due, entry: entry, token: active.token))
                        state.schedules[head.scheduleID]?.active = active
                    } else {
                        state.schedules[head.scheduleID]?.active = nil
                    }
                    if !work.isEmpty { handOff.append((entry, work)) }
                }
                // Counted as active until enqueue() took them over, so shutdown() and tests see them.
                state.activeWorkers += handOff.count
                return state.queue.first.map { $0.due <= horizon } ?? false
            }
            for (entry, work) in handOff { enqueue(work, for: entry) }
        }
    }

    /// How many due queue items ``fireDue()`` handles per hold of the state lock.
    static var fireBatch: Int { 512 }

    /// The work a scan asks for: missed records first, then fires, all in slot order.
    static func work(for scan: SlotScan, entry: ScheduleEntry, now: Date) -> [ScheduleWork] {
        var work: [ScheduleWork] = []
        if !scan.overdue.isEmpty || scan.olderOverdueCount > 0 {
            let plan = MisfirePlan.plan(scan, definition: entry.definition, now: now)
            if let summary = plan.summary {
                work.append(.missedRange(count: summary.count, range: summary.range, reason: summary.reason))
            }
            var byTime: [(Date, ScheduleWork)] = plan.missed.map { ($0.slot, .missed(slot: $0.slot, reason: $0.reason)) }
            byTime += plan.fire.map { ($0, .fire(slot: $0, due: entry.due($0), catchUp: true)) }
            work += byTime.sorted { $0.0 < $1.0 }.map(\.1)
        }
        work += scan.onTime.map { .fire(slot: $0, due: entry.due($0), catchUp: false) }
        return work
    }

    private func sleep(until pausePoll: C.Instant) async {
        let wallNow = now()
        let head = state.withLock { $0.queue.first?.due }
        var deadline = pausePoll
        if let head {
            let delay = max(0, head.timeIntervalSince(wallNow) - configuration.claimAhead.seconds)
            let due = clock.now.advanced(by: .nanoseconds(Int64(delay * 1e9)))
            if due < deadline { deadline = due }
        }
        guard deadline > clock.now else { return }
        let wake = self.wake
        await sleep(until: deadline) { await wake.wait() }
    }

    /// Sleeps on the clock until `deadline`, or less when `interruption` returns first (or the task is cancelled).
    func sleep(until deadline: C.Instant, interruptedBy interruption: @escaping @Sendable () async -> Void) async {
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(until: deadline, tolerance: nil) }
            group.addTask { await interruption() }
            await group.next()
            group.cancelAll()
        }
    }
}

/// A schedule as the running scheduler sees it.
public struct ScheduleRuntimeStatus: Sendable, Hashable {
    /// The schedule's id.
    public let scheduleID: String
    /// The job it fires.
    public let jobName: String
    /// Whether it is paused.
    public let isPaused: Bool
    /// The next slot, when active.
    public let nextFire: Date?
    /// When that slot is due (with jitter).
    public let nextDue: Date?
}
