import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Scheduler firing (manual clock)")
struct SchedulerFiringTests {
    @Test("fires each slot of an every-10s schedule at its instant, with the slot as fire time")
    func firesAtTheRightInstants() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("tick", steps: [("work", "true")], incrementer: .fireTime) { $0.schedules = [every(10)] }
            let clock = ManualClock(epoch: instant(3))
            let harness = SchedulerHarness(fixture, clock: clock)
            harness.start()
            try await harness.settle()
            #expect(harness.outcomes.isEmpty)
            try await harness.advance(.seconds(6))  // 00:00:09: nothing due yet
            #expect(harness.outcomes.isEmpty)
            try await harness.advance(.seconds(1))  // 00:00:10
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(10)])
            try await harness.advance(.seconds(50))  // 00:01:00
            await harness.stop()
            let started = harness.outcomes(.started)
            #expect(started.map(\.fireTime) == stride(from: 10, through: 60, by: 10).map(instant))
            #expect(harness.outcomes.count == started.count)
            #expect(started.allSatisfy { ($0.lateness ?? 99) < 1.5 })
            // Every run got its slot as the fire-time parameter, and the slot rows name their executions.
            let slots = try await fixture.store.state.firedSlots(scheduleID: "tick#1")
            #expect(slots.count == 6)
            #expect(slots.allSatisfy { $0.outcome == "started" && $0.jobExecutionID != nil && $0.nodeID == "node-1" })
            for slot in slots {
                let id = try #require(slot.jobExecutionID)
                let execution = try #require(try await fixture.store.explorer.getJobExecution(id: id))
                #expect(execution.jobParameters["fireTime"]?.value == .date(slot.fireTime))
            }
        }
    }

    @Test("a schedule with start and end bounds fires only inside them, then stops")
    func boundsAreRespected() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("bounded", steps: [("work", "true")]) {
                $0.schedules = [every(5) { $0.start = instant(20); $0.end = instant(35) }]
            }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(0)))
            harness.start()
            try await harness.advance(.seconds(60))
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [20, 25, 30, 35].map(instant), "\(harness.outcomes)")
            // With the run-id incrementer the slot still reaches the steps, as a non-identifying parameter.
            let id = try #require(harness.outcomes(.started).first?.executionID)
            let execution = try #require(try await fixture.store.explorer.getJobExecution(id: id))
            #expect(execution.jobParameters["fireTime"]?.value == .date(instant(20)))
            #expect(execution.jobParameters["fireTime"]?.isIdentifying == false)
            #expect(execution.jobParameters["run.id"] != nil)
            // Past its end the schedule is still known, but no longer active.
            #expect(harness.scheduler.state.withLock { state in
                state.schedules.count == 1 && state.schedules.values.allSatisfy { $0.active == nil }
            })
        }
    }

    @Test("stable jitter delays every fire by the same offset and keeps the nominal slot as fire time")
    func stableJitter() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            let definition = every(60) { $0.jitterSeconds = 20 }
            try fixture.register("spread", steps: [("work", "true")]) { $0.schedules = [definition] }
            let entry = ScheduleEntry(
                id: "spread#1", jobName: "spread", definition: definition,
                timeline: try ScheduleTimeline(definition, jobName: "spread"))
            let offset = entry.stableJitter
            #expect((0...20).contains(offset))
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(59 + offset - 1))
            #expect(harness.outcomes.isEmpty)
            try await harness.advance(.seconds(1))
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(60)])
            try await harness.advance(.seconds(60))
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(60), instant(120)])
        }
    }

    @Test("two schedulers on one database fire each slot once; the other sees it claimed", arguments: LaunchBackend.allCases)
    func exactlyOnceAcrossTwoNodes(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("shared", steps: [("work", "true")], incrementer: .fireTime) {
                $0.schedules = [every(2) { $0.overlap = .allow }]
            }
            let clock = ManualClock(epoch: instant(1))
            let first = SchedulerHarness(fixture, clock: clock, node: "node-a")
            let second = SchedulerHarness(fixture, clock: clock, node: "node-b", store: try await fixture.openAgain())
            first.start()
            second.start()
            try await first.settle()
            try await second.settle()
            for _ in 0..<30 {
                clock.advance(by: .seconds(1))
                try await first.settle()
                try await second.settle()
            }
            await first.stop()
            await second.stop()
            let started = (first.outcomes(.started) + second.outcomes(.started)).map(\.fireTime).sorted()
            #expect(started == stride(from: 2, through: 30, by: 2).map(instant))
            let elsewhere = (first.outcomes(.claimedElsewhere) + second.outcomes(.claimedElsewhere)).map(\.fireTime).sorted()
            #expect(elsewhere == started)
            let executions = try await fixture.store.explorer.getJobInstances(jobName: "shared", start: 0, count: 100)
            #expect(executions.count == started.count)
        }
    }

    @Test("a second scheduler started after the first stopped fires no slot twice")
    func restartDoesNotRefire() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("again", steps: [("work", "true")]) { $0.schedules = [every(5) { $0.misfire = .all }] }
            let clock = ManualClock(epoch: instant(1))
            let first = SchedulerHarness(fixture, clock: clock)
            first.start()
            try await first.advance(.seconds(20))
            await first.stop()
            let second = SchedulerHarness(fixture, clock: clock)
            second.start()
            try await second.advance(.seconds(10))
            await second.stop()
            #expect(first.outcomes(.started).map(\.fireTime) == [5, 10, 15, 20].map(instant))
            #expect(second.outcomes(.started).map(\.fireTime) == [25, 30].map(instant))
        }
    }
}
