import Foundation

/// Applies the misfire policy to on-time fires that could not start within the misfire threshold: they
/// waited in a schedule's queue (an overloaded node) or for the database (an outage). The late ones are
/// planned together like slots missed while no node ran: `none` records them missed, `latest` fires the
/// newest (or none, when a fire still on time follows them), `all` replays at most `maxCatchup`. A fire
/// within the threshold is on time and starts, however many follow it. Pure.
enum LateFirePlan {
    /// Replaces the leading run of late on-time fires in `queue` with what the misfire policy says.
    /// - Parameters:
    ///   - queue: the schedule's pending work, oldest first.
    ///   - definition: the schedule's policy.
    ///   - now: the current instant.
    ///   - threshold: how late a fire may be and still count as on time (the misfire threshold).
    /// - Returns: the queue with the late fires replanned; unchanged when its head is not late.
    static func replan(_ queue: [ScheduleWork], definition: ScheduleDefinition, now: Date, threshold: TimeInterval)
        -> [ScheduleWork]
    {
        var late: [Date] = []
        var onTime: [Date] = []
        for item in queue {
            guard case .fire(let slot, let due, false) = item else { break }
            if now.timeIntervalSince(due) > threshold && onTime.isEmpty {
                late.append(slot)
            } else {
                onTime.append(slot)  // due within the threshold, or soon: it supersedes the late ones under latest
            }
        }
        guard !late.isEmpty else { return queue }
        var scan = SlotScan()
        scan.overdue = late
        scan.onTime = onTime
        let plan = MisfirePlan.plan(scan, definition: definition, now: now)
        let lateness = Int(now.timeIntervalSince(late[0]).rounded())
        var byTime: [(Date, ScheduleWork)] = plan.missed.map {
            ($0.slot, .missed(slot: $0.slot, reason: "not started within the misfire threshold (\(lateness)s late): \($0.reason)"))
        }
        byTime += plan.fire.map { ($0, .fire(slot: $0, due: $0, catchUp: true)) }
        return byTime.sorted { $0.0 < $1.0 }.map(\.1) + queue.dropFirst(late.count)
    }

    /// Whether a claimed on-time slot may still start now, given the later fires queued behind it.
    /// - Returns: `nil` to start it; otherwise why it is given up (recorded missed).
    static func decideClaimed(
        slot: Date, due: Date, queue: [ScheduleWork], definition: ScheduleDefinition, now: Date, threshold: TimeInterval
    ) -> String? {
        // Every later fire queued, catch-up replays included (a busy worker's queue was planned already).
        let laterQueued: [Date] = queue.compactMap { item in
            guard case .fire(let later, _, _) = item, later > slot else { return nil }
            return later
        }
        let lateness = now.timeIntervalSince(due)
        // Within the threshold a claimed slot starts: its claim is paid for, and giving it up for a later one
        // that must be claimed in turn would, on an overloaded node, start nothing at all.
        guard lateness > threshold else { return nil }
        if definition.misfire == .latest {
            return laterQueued.last.map { supersededReason(by: $0) }
        }
        // The later fires that are misfires too: late on-time fires, and the catch-up replays already planned.
        let laterLate = queue.compactMap { item -> Date? in
            guard case .fire(let later, let dueAt, let catchUp) = item, later > slot,
                catchUp || now.timeIntervalSince(dueAt) > threshold
            else { return nil }
            return later
        }
        var scan = SlotScan()
        scan.overdue = [slot] + laterLate
        let plan = MisfirePlan.plan(scan, definition: definition, now: now)
        guard let missed = plan.missed.first(where: { $0.slot == slot }) else { return nil }
        return "not started within the misfire threshold (\(Int(lateness.rounded()))s late): \(missed.reason)"
    }

    private static func supersededReason(by newer: Date) -> String {
        "not started within the misfire threshold; superseded by the later slot \(MisfirePlan.iso(newer)) (misfire: latest)"
    }
}
