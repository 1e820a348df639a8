import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// The periodic poll of the pause states (every 5 s of the manual clock): it applies what changed in the
/// store without a refresh, and when nothing changed it leaves every schedule as it is.
@Suite("Scheduler periodic poll")
struct SchedulerPollTests {
    @Test("a pause stored by another process is applied at the next poll, without a refresh")
    func pollAppliesStoredPause() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("polled", steps: [("work", "true")]) { $0.schedules = [every(5)] }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(6))  // fires 00:00:05
            try await fixture.store.state.setSchedulePaused(
                scheduleID: "polled#1", paused: true, reason: "maintenance", changedBy: "another node")
            // No refresh(): only the poll (every 5 s) can notice. Each step lets the scheduler handle what is
            // due, and it polls before it fires, so by 00:00:15 at the latest the pause must have been seen.
            var seenAt: Date?
            try await eventually("the poll to see the pause", within: 60) {
                if harness.scheduler.statuses().first?.isPaused == true {
                    seenAt = harness.clock.wallNow
                    return true
                }
                try await harness.advance(.seconds(1))
                return false
            }
            try await harness.advance(.seconds(10))
            await harness.stop()
            #expect(try #require(seenAt) <= instant(15))
            let started = harness.outcomes(.started).map(\.fireTime)
            #expect(started.first == instant(5))
            #expect(started.allSatisfy { $0 <= instant(10) })
        }
    }

    @Test("a poll that finds nothing changed activates nothing, not even a schedule that has ended")
    func quietPollActivatesNothing() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("ended", steps: [("work", "true")]) {
                $0.schedules = [every(5) { $0.end = instant(-100) }]
            }
            try fixture.register("going", steps: [("work", "true")]) { $0.schedules = [every(5)] }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.settle()
            let tokens = harness.scheduler.state.withLock { $0.nextToken }
            try await harness.advance(.seconds(16))  // polls at 00:00:06, 00:00:11 and 00:00:16
            await harness.stop()
            // Each activation takes a token: an ended schedule re-activated by a poll would show here.
            #expect(harness.scheduler.state.withLock { $0.nextToken } == tokens)
            #expect(harness.scheduler.statuses().first { $0.scheduleID == "ended#1" }?.nextFire == nil)
            #expect(harness.outcomes(.started).map(\.fireTime) == [5, 10, 15].map(instant))
        }
    }
}

@Suite("Scheduler reconcile at shutdown")
struct SchedulerReconcileCancellationTests {
    @Test("a reconcile cut short by shutdown warns about nothing (the read was cancelled, not failed)")
    func cancelledReconcileIsQuiet() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("quiet", steps: [("work", "true")]) { $0.schedules = [every(5)] }
            let log = CapturedLog()
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)), logger: log.logger())
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                await harness.scheduler.reconcile()
            }
            await cancelled.value
            #expect(log.messages(atLeast: .warning).isEmpty, "\(log.messages(atLeast: .warning))")
            // The same pass, not cancelled, activates the schedule: the quiet return above was the cancellation.
            await harness.scheduler.reconcile()
            #expect(harness.scheduler.scheduleCounts().total == 1)
            #expect(log.messages(atLeast: .warning).isEmpty)
        }
    }
}
