import Foundation

/// The slots of one schedule that came due between its last handled slot and now, sorted into those
/// still on time (fire them) and those overdue by more than the misfire threshold (the misfire policy
/// decides), plus the next slot to wait for.
struct SlotScan: Sendable {
    /// Overdue slots, oldest first: at most ``limit`` of the newest ones.
    var overdue: [Date] = []
    /// Overdue slots older than those in ``overdue`` (not kept, only counted up to ``countLimit``).
    var olderOverdueCount = 0
    /// The oldest and newest of the uncounted older slots.
    var olderOverdueRange: ClosedRange<Date>?
    /// Slots due within the misfire threshold: fired as usual.
    var onTime: [Date] = []
    /// The next slot not yet due, and when it is due.
    var next: (slot: Date, due: Date)?

    /// How many overdue slots are kept individually.
    static let limit = 100
    /// How many slots one scan walks at most; a schedule beyond it resumes from where it stopped.
    static let countLimit = 1_000_000

    /// Walks the slots of `entry` after `after` up to `now`.
    /// - Parameters:
    ///   - entry: the schedule.
    ///   - after: the last slot already handled (claimed, fired or given up).
    ///   - firstDue: the known due instant of the first slot (random jitter is drawn once per slot).
    ///   - now: the current instant.
    ///   - threshold: how late a slot may be and still count as on time.
    static func scan(_ entry: ScheduleEntry, after: Date, firstDue: Date? = nil, now: Date, threshold: TimeInterval) -> SlotScan {
        var result = SlotScan()
        var cursor = after
        var walked = 0
        var pendingDue = firstDue
        while let slot = entry.slot(after: cursor) {
            let due = pendingDue ?? entry.due(slot)
            pendingDue = nil
            if due > now {
                result.next = (slot, due)
                return result
            }
            if due.addingTimeInterval(threshold) >= now {
                result.onTime.append(slot)
            } else {
                result.overdue.append(slot)
                if result.overdue.count > limit {
                    let dropped = result.overdue.removeFirst()
                    result.olderOverdueCount += 1
                    let lower = result.olderOverdueRange?.lowerBound ?? dropped
                    result.olderOverdueRange = lower...dropped
                }
            }
            cursor = slot
            walked += 1
            if walked >= countLimit { break }
        }
        if walked >= countLimit, let slot = entry.slot(after: cursor) {
            result.next = (slot, now)
        }
        return result
    }
}
