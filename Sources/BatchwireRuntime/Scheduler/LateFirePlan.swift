import Foundation

/// Applies the misfire policy to on-time fires that waited in a schedule's queue until they were overdue
/// (the node was overloaded, or the database away): the late ones are planned together like slots missed
/// while no node ran, so `misfire: none` records them missed, `latest` fires the newest, and `all` replays
/// at most `maxCatchup` of them. Pure.
enum LateFirePlan {
    /// Replaces the leading run of late on-time fires in `queue` with what the misfire policy says.
    /// - Parameters:
    ///   - queue: the schedule's pending work, oldest first.
    ///   - definition: the schedule's policy.
    ///   - now: the current instant.
    ///   - threshold: how late a fire may be and still count as on time (the misfire threshold).
    /// - Returns: the queue with the late fires replanned, or unchanged when its head is not a late fire.
    static func replan(_ queue: [ScheduleWork], definition: ScheduleDefinition, now: Date, threshold: TimeInterval)
        -> [ScheduleWork]
    {
        var late: [Date] = []
        for item in queue {
            guard case .fire(let slot, let due, false) = item, now.timeIntervalSince(due) > threshold else { break }
            late.append(slot)
        }
        guard !late.isEmpty else { return queue }
        var scan = SlotScan()
        scan.overdue = late
        let plan = MisfirePlan.plan(scan, definition: definition, now: now)
        let lateness = Int(now.timeIntervalSince(late[0]).rounded())
        var byTime: [(Date, ScheduleWork)] = plan.missed.map {
            ($0.slot, .missed(slot: $0.slot, reason: "not started within the misfire threshold (\(lateness)s late): \($0.reason)"))
        }
        byTime += plan.fire.map { ($0, .fire(slot: $0, due: $0, catchUp: true)) }
        return byTime.sorted { $0.0 < $1.0 }.map(\.1) + queue.dropFirst(late.count)
    }
}
