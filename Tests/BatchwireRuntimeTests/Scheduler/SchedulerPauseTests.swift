import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Scheduler pause and resume")
struct SchedulerPauseTests {
    @Test("a paused schedule does not fire; on resume the slots it missed follow its misfire policy")
    func pauseAndResume() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("paused", steps: [("work", "true")]) { $0.schedules = [every(5) { $0.misfire = .latest }] }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(10))  // fires 00:00:05 and 00:00:10
            try await fixture.store.state.setSchedulePaused(
                scheduleID: "paused#1", paused: true, reason: "maintenance", changedBy: "test")
            harness.scheduler.refresh()
            try await eventually("the pause to be seen") {
                harness.scheduler.statuses().first?.isPaused == true
            }
            try await harness.advance(.seconds(20))  // 00:00:15 … 00:00:30 pass while paused
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(5), instant(10)])
            try await fixture.store.state.setSchedulePaused(scheduleID: "paused#1", paused: false, reason: nil, changedBy: "test")
            harness.scheduler.refresh()
            try await eventually("the resume to replay the latest missed slot") {
                harness.outcomes(.started).count == 3
            }
            try await harness.settle()
            #expect(harness.outcomes(.started).map(\.fireTime) == [5, 10, 30].map(instant))
            #expect(harness.outcomes(.missed).map(\.fireTime) == [15, 20, 25].map(instant))
            #expect(harness.outcomes(.missed).allSatisfy { $0.reason?.contains("superseded") == true })
            try await harness.advance(.seconds(5))
            await harness.stop()
            #expect(harness.outcomes(.started).last?.fireTime == instant(35))
        }
    }

    @Test("paused: true in the file keeps a schedule quiet until resumed in the store")
    func pausedInFile() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("quiet", steps: [("work", "true")]) { $0.schedules = [every(5) { $0.paused = true }] }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(12))
            #expect(harness.outcomes.isEmpty)
            #expect(harness.scheduler.statuses().map(\.isPaused) == [true])
            #expect(harness.scheduler.scheduleCounts() == ScheduleCounts(total: 1, paused: 1, waiting: 0))
            try await fixture.store.state.setSchedulePaused(scheduleID: "quiet#1", paused: false, reason: nil, changedBy: "test")
            harness.scheduler.refresh()
            try await eventually("the schedule to be active") { harness.scheduler.statuses().first?.isPaused == false }
            try await harness.settle()
            #expect(harness.scheduler.scheduleCounts() == ScheduleCounts(total: 1, paused: 0, waiting: 1))
            #expect(harness.scheduler.scheduleCounts().active == 1)
            try await harness.advance(.seconds(5))
            await harness.stop()
            // Never fired before, so resuming starts from now: no replay, the next slot fires.
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(15)])
        }
    }
}
