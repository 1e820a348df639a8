import Foundation

/// One schedule the registry defines, as the scheduler keeps it: active (with its activation) or paused.
struct KnownSchedule: Sendable {
    let entry: ScheduleEntry
    /// Set while the scheduler runs the schedule; `nil` while it is paused.
    var active: ActiveSchedule?
}

/// The running state of one active schedule.
struct ActiveSchedule: Sendable {
    /// Changes on every (re)activation; queue items with another token are stale.
    let token: UInt64
    /// The last slot handled (fired, claimed elsewhere or given up); scans start after it.
    var cursor: Date
    /// The slot the queue item waits for and its due instant (`nil` right after activation, when the
    /// first scan finds it).
    var next: (slot: Date, due: Date)?
}

/// Work for one schedule's worker, done in order.
enum ScheduleWork: Sendable {
    /// Claim the slot and start a run, under the overlap policy.
    case fire(slot: Date, due: Date, catchUp: Bool)
    /// Claim the slot and record it as missed.
    case missed(slot: Date, reason: String)
    /// Record many older missed slots as one.
    case missedRange(count: Int, range: ClosedRange<Date>, reason: String)
    /// Run a slot this node took over from a node that stopped after claiming it (already claimed here).
    case takenOver(slot: Date)
}

/// Pending work of one schedule, done by at most one task at a time.
struct ScheduleWorker: Sendable {
    var queue: [ScheduleWork] = []
    var isRunning = false
    /// The slot whose fire waits for a running execution to end, if any.
    var waitingSlot: Date?
}

/// Everything the scheduler keeps between wake-ups.
struct SchedulerState: Sendable {
    /// Every schedule the registry defines, by id, active or paused: one table, not a map of every schedule
    /// and another of the active ones (at 100,000 schedules the second map cost about 6 MB).
    var schedules = ScheduleTable()
    var queue = FireQueue()
    var workers: [String: ScheduleWorker] = [:]
    /// Schedules that are paused (from the store, or `paused: true` in the file when the store has nothing).
    var paused: Set<String> = []
    /// The stored pause states the last reconcile applied (`nil` before the first).
    var storedPause: [String: Bool]?
    var registryGeneration: Int?
    var nextToken: UInt64 = 1
    var isStopping = false
    var activeWorkers = 0

    mutating func takeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
