import Foundation

/// Applies the misfire policy to on-time fires that could not start in time: they waited in a schedule's
/// queue (the node was overloaded) or for the database (an outage). Pure.
///
/// - `misfire: latest`: a queued fire whose schedule already has a later slot due is superseded at once, so an
///   overloaded node always claims a schedule's newest due slot and its lateness stays small; a claimed slot
///   is superseded only once it is later than the misfire threshold.
/// - `misfire: none` and `all`: the fires later than the misfire threshold are planned together, like slots
///   missed while no node ran: `none` records them missed, `all` replays at most `maxCatchup` of them.
enum LateFirePlan {
    /// Replaces the leading run of due on-time fires in `queue` with what the misfire policy says.
    /// - Parameters:
    ///   - queue: the schedule's pending work, oldest first.
    ///   - definition: the schedule's policy.
    ///   - now: the current instant.
    ///   - threshold: how late a fire may be and still count as on time (the misfire threshold).
    /// - Returns: the queue with those fires replanned; unchanged when none is superseded or late.
    static func replan(_ queue: [ScheduleWork], definition: ScheduleDefinition, now: Date, threshold: TimeInterval)
        -> [ScheduleWork]
    {
        var due: [(slot: Date, due: Date)] = []
        for item in queue {
            guard case .fire(let slot, let dueAt, false) = item, dueAt <= now else { break }
            due.append((slot, dueAt))
        }
        guard !due.isEmpty else { return queue }
        let rest = queue.dropFirst(due.count)
        if definition.misfire == .latest {
            guard due.count > 1, let newest = due.last else { return queue }
            let missed: [ScheduleWork] = due.dropLast().map {
                .missed(slot: $0.slot, reason: supersededReason(by: newest.slot))
            }
            return missed + [.fire(slot: newest.slot, due: newest.due, catchUp: false)] + rest
        }
        let late = due.prefix { now.timeIntervalSince($0.due) > threshold }.map(\.slot)
        guard !late.isEmpty else { return queue }
        return planned(late, definition: definition, now: now) + queue.dropFirst(late.count)
    }

    /// Whether a claimed on-time slot may still start now, given the later fires queued behind it.
    /// - Returns: `nil` to start it; otherwise why it is given up (recorded missed).
    static func decideClaimed(
        slot: Date, due: Date, queue: [ScheduleWork], definition: ScheduleDefinition, now: Date, threshold: TimeInterval
    ) -> String? {
        let laterDue: [Date] = queue.compactMap { item in
            guard case .fire(let later, let dueAt, false) = item, later > slot, dueAt <= now else { return nil }
            return later
        }
        let lateness = now.timeIntervalSince(due)
        // Within the threshold a claimed slot starts: its claim is paid for, and giving it up for a later one
        // that must be claimed in turn would, on an overloaded node, start nothing at all.
        guard lateness > threshold else { return nil }
        if definition.misfire == .latest {
            return laterDue.last.map { supersededReason(by: $0) }
        }
        let laterLate = queue.compactMap { item -> Date? in
            guard case .fire(let later, let dueAt, false) = item, later > slot, now.timeIntervalSince(dueAt) > threshold
            else { return nil }
            return later
        }
        var scan = SlotScan()
        scan.overdue = [slot] + laterLate
        let plan = MisfirePlan.plan(scan, definition: definition, now: now)
        guard let missed = plan.missed.first(where: { $0.slot == slot }) else { return nil }
        return "not started within the misfire threshold (\(Int(lateness.rounded()))s late): \(missed.reason)"
    }

    private static func planned(_ late: [Date], definition: ScheduleDefinition, now: Date) -> [ScheduleWork] {
        var scan = SlotScan()
        scan.overdue = late
        let plan = MisfirePlan.plan(scan, definition: definition, now: now)
        let lateness = Int(now.timeIntervalSince(late[0]).rounded())
        var byTime: [(Date, ScheduleWork)] = plan.missed.map {
            ($0.slot, .missed(slot: $0.slot, reason: "not started within the misfire threshold (\(lateness)s late): \($0.reason)"))
        }
        byTime += plan.fire.map { ($0, .fire(slot: $0, due: $0, catchUp: true)) }
        return byTime.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private static func supersededReason(by newer: Date) -> String {
        "superseded by the later slot \(MisfirePlan.iso(newer)), already due: this node could not start it in time (misfire: latest)"
    }
}
