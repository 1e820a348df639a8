import BatchwireCore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Scheduler batches and counts")
struct SchedulerBatchTests {
    @Test("one fireDue pass scans every due schedule, across several holds of the lock")
    func oneDuePassCoversEveryBatch() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            let count = Scheduler<ManualClock>.fireBatch * 2 + 100
            for index in 0..<count {
                try fixture.register(String(format: "hourly-%05d", index), steps: [("work", "true")]) {
                    $0.schedules = [every(3600)]
                }
            }
            // Not started: the test drives one reconcile and one due pass by hand.
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            let scheduler = harness.scheduler
            await scheduler.reconcile()
            #expect(scheduler.scheduleCounts() == ScheduleCounts(total: count, paused: 0, waiting: 0))
            scheduler.fireDue()
            #expect(scheduler.scheduleCounts() == ScheduleCounts(total: count, paused: 0, waiting: count))
            let statuses = scheduler.statuses()
            #expect(statuses.count == count)
            #expect(statuses.allSatisfy { $0.nextFire == instant(3600) && !$0.isPaused })
            #expect(statuses.map(\.scheduleID) == statuses.map(\.scheduleID).sorted())
            #expect(scheduler.state.withLock { $0.queue.count == count && $0.queue.first?.due == instant(3600) })
            #expect(harness.outcomes.isEmpty)
        }
    }

    @Test("the schedule table adds, changes and removes by id, and compacts after most entries left")
    func removedSchedulesLeaveTheTable() throws {
        var table = ScheduleTable()
        func known(_ id: String) throws -> KnownSchedule {
            let definition = every(60)
            let entry = ScheduleEntry(
                id: id, jobName: String(id.prefix { $0 != "#" }), definition: definition,
                timeline: try ScheduleTimeline(definition, jobName: id))
            return KnownSchedule(entry: entry, active: nil)
        }
        for id in ["a#1", "b#1", "c#1"] { table[id] = try known(id) }
        #expect(table.count == 3)
        table["b#1"] = nil
        #expect(table.count == 2 && table["b#1"] == nil && table["a#1"]?.entry.id == "a#1")
        table["d#1"] = try known("d#1")
        table["a#1"]?.active = ActiveSchedule(token: 7, cursor: instant(0), next: nil)
        #expect(table.count == 3)
        #expect(Set(table.values.map(\.entry.id)) == ["a#1", "c#1", "d#1"])
        #expect(Set(table.ids) == ["a#1", "c#1", "d#1"])
        #expect(table["a#1"]?.active?.token == 7 && table["d#1"]?.active == nil)
        // Removing most of a large table compacts it without losing the rest.
        for index in 0..<3000 { table["bulk-\(index)#1"] = try known("bulk-\(index)#1") }
        for index in 0..<3000 where index % 100 != 0 { table["bulk-\(index)#1"] = nil }
        #expect(table.count == 33)
        #expect(table["bulk-2900#1"]?.entry.id == "bulk-2900#1" && table["bulk-2901#1"] == nil)
        #expect(table["a#1"]?.active?.token == 7)
    }
}
