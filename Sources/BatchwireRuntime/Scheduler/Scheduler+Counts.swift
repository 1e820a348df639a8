extension Scheduler {
    /// How many schedules the registry defines and how many of them are paused, without listing them
    /// (``statuses()`` builds and sorts an entry per schedule: `/health` at 100,000 schedules should not).
    public func scheduleCounts() -> ScheduleCounts {
        state.withLock { state in
            ScheduleCounts(
                total: state.schedules.count, paused: state.paused.count,
                waiting: state.schedules.values.count { $0.active?.next != nil })
        }
    }
}

/// The sizes ``Scheduler/scheduleCounts()`` reports.
public struct ScheduleCounts: Sendable, Hashable {
    /// Every schedule the registry defines.
    public let total: Int
    /// The paused ones.
    public let paused: Int
    /// The active ones whose next fire is known (the others are just activated, or have no fire left).
    public let waiting: Int

    /// The schedules that are not paused.
    public var active: Int { total - paused }
}
