import Foundation

/// What to do with overdue slots under a schedule's misfire policy, catch-up window and cap: which
/// to fire now and which to record as missed, with the reason. Pure: the same input gives the same plan
/// on every node.
struct MisfirePlan: Sendable, Equatable {
    /// Slots to fire now, oldest first.
    var fire: [Date] = []
    /// Slots given up, with why.
    var missed: [Missed] = []
    /// Older slots given up in bulk (too many to record one by one): count, range and reason.
    var summary: Summary?

    struct Missed: Sendable, Equatable {
        let slot: Date
        let reason: String
    }

    struct Summary: Sendable, Equatable {
        let count: Int
        let range: ClosedRange<Date>
        let reason: String
    }

    /// - Parameters:
    ///   - scan: the overdue slots.
    ///   - definition: the schedule's policy, window and cap.
    ///   - now: the current instant.
    static func plan(_ scan: SlotScan, definition: ScheduleDefinition, now: Date) -> MisfirePlan {
        // Under `latest`, a slot that is still on time is the latest fire: every overdue one is superseded.
        let supersededBy = definition.misfire == .latest ? scan.onTime.last : nil
        var plan = MisfirePlan()
        let policy = "misfire: \(definition.misfire.rawValue)"
        if scan.olderOverdueCount > 0, let range = scan.olderOverdueRange {
            plan.summary = Summary(
                count: scan.olderOverdueCount, range: range,
                reason: "\(scan.olderOverdueCount) older fires passed while no node could fire them (\(policy))")
        }
        var eligible: [Date] = []
        for slot in scan.overdue {
            if let window = definition.catchupWindowSeconds, slot < now.addingTimeInterval(-TimeInterval(window)) {
                plan.missed.append(Missed(slot: slot, reason: "older than catchupWindow \(window)s (\(policy))"))
            } else {
                eligible.append(slot)
            }
        }
        switch definition.misfire {
        case .none:
            plan.missed += eligible.map { Missed(slot: $0, reason: "the slot passed while no node could fire it (\(policy))") }
        case .latest:
            if let onTime = supersededBy {
                plan.missed += eligible.map {
                    Missed(slot: $0, reason: "superseded by the on-time slot \(Self.iso(onTime)) (\(policy))")
                }
                break
            }
            guard let latest = eligible.last else { break }
            plan.missed += eligible.dropLast().map {
                Missed(slot: $0, reason: "superseded by the later missed slot \(Self.iso(latest)) (\(policy))")
            }
            plan.fire = [latest]
        case .all:
            let cap = max(1, definition.maxCatchup)
            let over = max(0, eligible.count - cap)
            plan.missed += eligible.prefix(over).map {
                Missed(slot: $0, reason: "beyond maxCatchup \(cap): only the newest \(cap) missed fires are replayed (\(policy))")
            }
            plan.fire = Array(eligible.suffix(cap))
        }
        plan.missed.sort { $0.slot < $1.slot }
        return plan
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
