import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// Downtime replay: the last claimed slot is 00:00:00; the scheduler comes up at 00:01:35 with an every-10s
/// schedule, so slots 00:00:10 … 00:01:30 (nine) passed while no node ran.
@Suite("Scheduler misfire policies")
struct SchedulerMisfireTests {
    private func replay(
        _ configure: @escaping (inout ScheduleDefinition) -> Void
    ) async throws -> (started: [Date], missed: [ScheduleFireOutcome], slots: [BatchwireStateStore.FiredSlot]) {
        var result: ([Date], [ScheduleFireOutcome], [BatchwireStateStore.FiredSlot]) = ([], [], [])
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("nightly", steps: [("work", "true")]) { $0.schedules = [every(10, configure: configure)] }
            _ = try await fixture.store.state.claimFiredSlot(scheduleID: "nightly#1", fireTime: instant(0), nodeID: "old")
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(95)))
            harness.start()
            // Replays wait for each other's runs, polling on the manual clock: move it in small steps (not
            // past 00:01:40, the next regular slot).
            try await eventually("the replay to finish", within: 60) {
                if harness.isSettled(runs: true) { return true }
                if harness.clock.wallNow < instant(99) { harness.clock.advance(by: .milliseconds(250)) }
                return false
            }
            await harness.stop()
            let slots = try await fixture.store.state.firedSlots(scheduleID: "nightly#1")
            result = (harness.outcomes(.started).map(\.fireTime), harness.outcomes(.missed), slots)
        }
        return result
    }

    @Test("misfire: none records all nine slots as missed and fires none")
    func none() async throws {
        let (started, missed, slots) = try await replay { $0.misfire = .none }
        #expect(started.isEmpty)
        #expect(missed.map(\.fireTime) == stride(from: 10, through: 90, by: 10).map(instant))
        #expect(missed.allSatisfy { $0.reason?.contains("misfire: none") == true })
        #expect(slots.count == 10)
        #expect(slots.filter { $0.outcome?.hasPrefix("missed: ") == true }.count == 9)
    }

    @Test("misfire: latest fires the latest missed slot and records the eight before it")
    func latest() async throws {
        let (started, missed, _) = try await replay { $0.misfire = .latest }
        #expect(started == [instant(90)])
        #expect(missed.map(\.fireTime) == stride(from: 10, through: 80, by: 10).map(instant))
        #expect(missed.allSatisfy { $0.reason?.contains("superseded") == true })
    }

    @Test("misfire: all replays the newest maxCatchup slots in order and records the rest")
    func allWithCap() async throws {
        let (started, missed, _) = try await replay {
            $0.misfire = .all
            $0.maxCatchup = 3
        }
        #expect(started == [70, 80, 90].map(instant))
        #expect(missed.map(\.fireTime) == stride(from: 10, through: 60, by: 10).map(instant))
        #expect(missed.allSatisfy { $0.reason?.contains("maxCatchup 3") == true })
    }

    @Test("misfire: all with a catchupWindow of 30s replays only slots inside the window")
    func allWithinWindow() async throws {
        let (started, missed, _) = try await replay {
            $0.misfire = .all
            $0.catchupWindowSeconds = 30
        }
        #expect(started == [70, 80, 90].map(instant))
        #expect(missed.map(\.fireTime) == stride(from: 10, through: 60, by: 10).map(instant))
        #expect(missed.allSatisfy { $0.reason?.contains("catchupWindow") == true })
    }

    @Test("missed slots are announced as schedule-fire events in the outbox")
    func missedSlotsAreAnnounced() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("announced", steps: [("work", "true")]) { $0.schedules = [every(10) { $0.misfire = .none }] }
            _ = try await fixture.store.state.claimFiredSlot(scheduleID: "announced#1", fireTime: instant(0), nodeID: "old")
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(35)))
            harness.start()
            try await harness.settle()
            await harness.stop()
            let events = try await fixture.store.state.pendingEvents(limit: 100).compactMap { row -> ScheduleFireEvent? in
                guard case .scheduleFire(let event) = try BatchwireEvent(jsonData: Data(row.event.payload.utf8)) else { return nil }
                return event
            }
            #expect(events.map(\.fireTime) == [10, 20, 30].map(instant))
            #expect(events.allSatisfy { $0.outcome == .missed && $0.schedule == "announced#1" && $0.policy == "misfire: none" })
        }
    }

    @Test("the misfire plan is the same pure function everywhere")
    func planIsPure() {
        var definition = every(10)
        definition.misfire = .latest
        var scan = SlotScan()
        scan.overdue = [instant(10), instant(20)]
        let plan = MisfirePlan.plan(scan, definition: definition, now: instant(100))
        #expect(plan == MisfirePlan.plan(scan, definition: definition, now: instant(100)))
        #expect(plan.fire == [instant(20)])
        #expect(plan.missed.map(\.slot) == [instant(10)])
    }
}
