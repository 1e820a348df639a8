import Foundation
import Testing

@testable import BatchwireRuntime

/// On-time fires that could not start in time (an overloaded node, a database outage) follow the misfire
/// policy: never queued without bound, never all run late.
@Suite("Late fires follow the misfire policy")
struct LateFirePlanTests {
    private static func fires(_ seconds: [Int]) -> [ScheduleWork] {
        seconds.map { .fire(slot: instant($0), due: instant($0), catchUp: false) }
    }

    private static func describe(_ queue: [ScheduleWork]) -> [String] {
        queue.map { item in
            switch item {
            case .fire(let slot, _, let catchUp): "fire \(Int(slot.timeIntervalSince(instant(0))))\(catchUp ? " catch-up" : "")"
            case .missed(let slot, _): "missed \(Int(slot.timeIntervalSince(instant(0))))"
            case .missedRange(let count, _, _): "missed \(count)"
            case .takenOver(let slot): "taken over \(Int(slot.timeIntervalSince(instant(0))))"
            }
        }
    }

    @Test("latest: late fires are superseded by a fire still on time, else the newest late one fires; on-time ones stay")
    func latestSupersedesLateFires() {
        let planned = LateFirePlan.replan(Self.fires([1, 2, 3, 15]), definition: every(1), now: instant(16), threshold: 10)
        #expect(Self.describe(planned) == ["missed 1", "missed 2", "missed 3", "fire 15"])
        let alone = LateFirePlan.replan(Self.fires([1, 2, 3]), definition: every(1), now: instant(16), threshold: 10)
        #expect(Self.describe(alone) == ["missed 1", "missed 2", "fire 3 catch-up"])
        // A later fire queued but not due yet supersedes them too.
        let queued = LateFirePlan.replan(Self.fires([1, 2, 17]), definition: every(1), now: instant(16), threshold: 10)
        #expect(Self.describe(queued) == ["missed 1", "missed 2", "fire 17"])
        // Within the threshold every fire is on time, however many are due.
        #expect(Self.describe(LateFirePlan.replan(Self.fires([1, 2, 3]), definition: every(1), now: instant(4), threshold: 10))
            == ["fire 1", "fire 2", "fire 3"])
    }

    @Test("none: fires later than the threshold are recorded missed; those within it still fire")
    func noneRecordsLateFiresMissed() {
        let queue = Self.fires([1, 2, 15])
        let planned = LateFirePlan.replan(queue, definition: every(1) { $0.misfire = .none }, now: instant(16), threshold: 10)
        #expect(Self.describe(planned) == ["missed 1", "missed 2", "fire 15"])
    }

    @Test("all: the late fires replay at most maxCatchup, the newest, as catch-up")
    func allCapsTheReplay() {
        let queue = Self.fires([1, 2, 3, 4, 5, 30])
        let definition = every(1) {
            $0.misfire = .all
            $0.maxCatchup = 2
        }
        let planned = LateFirePlan.replan(queue, definition: definition, now: instant(20), threshold: 10)
        #expect(Self.describe(planned) == ["missed 1", "missed 2", "missed 3", "fire 4 catch-up", "fire 5 catch-up", "fire 30"])
    }

    @Test("a claimed slot that waited out an outage counts toward maxCatchup with the late fires behind it")
    func claimedSlotCountsTowardTheCap() {
        let definition = every(2) {
            $0.misfire = .all
            $0.maxCatchup = 3
        }
        let queue = Self.fires([2, 4, 6, 8, 10])
        let reason = LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: queue, definition: definition, now: instant(40), threshold: 10)
        #expect(reason?.contains("maxCatchup 3") == true)
        // The replays a busy worker's queue already holds count too (an outage: the queue was planned while
        // this slot's launch waited for the database).
        let planned: [ScheduleWork] = [6, 8, 10].map { .fire(slot: instant($0), due: instant($0), catchUp: true) }
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: planned, definition: definition, now: instant(40), threshold: 10)?
            .contains("maxCatchup 3") == true)
        // Within the threshold it still starts.
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: [], definition: definition, now: instant(5), threshold: 10) == nil)
        // Under none, late is enough; under latest, late with a later slot already due (not either alone).
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: [], definition: every(2) { $0.misfire = .none }, now: instant(11),
            threshold: 10) != nil)
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: Self.fires([2]), definition: every(2), now: instant(11),
            threshold: 10)?.contains("superseded") == true)
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: Self.fires([2]), definition: every(2), now: instant(3),
            threshold: 10) == nil)
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: Self.fires([12]), definition: every(2), now: instant(11),
            threshold: 10)?.contains("superseded") == true)
        #expect(LateFirePlan.decideClaimed(
            slot: instant(0), due: instant(0), queue: [], definition: every(2), now: instant(11), threshold: 10) == nil)
    }
}
