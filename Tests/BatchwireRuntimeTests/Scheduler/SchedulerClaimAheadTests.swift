import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// A slot is claimed `claimAhead` before it is due, so the claim's durable commit is off the path from due
/// instant to launch; the run still starts at the due instant, and a node that stops before then hands the
/// slot back.
@Suite("Scheduler claims ahead of the due instant")
struct SchedulerClaimAheadTests {
    @Test("the slot is claimed before it is due and its run starts at the due instant")
    func claimsAheadAndStartsOnTime() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("tick", steps: [("work", "true")]) { $0.schedules = [every(10)] }
            let clock = ManualClock(epoch: instant(3))
            let harness = SchedulerHarness(fixture, clock: clock) { $0.claimAhead = .milliseconds(500) }
            harness.start()
            try await harness.advance(.seconds(6))  // 00:00:09: the slot of 00:00:10 is 1 s away
            #expect(try await fixture.store.state.firedSlots(scheduleID: "tick#1").isEmpty)
            clock.advance(by: .milliseconds(600))  // 00:00:09.6: within claimAhead
            try await eventually("the slot of 00:00:10 to be claimed ahead") {
                try await fixture.store.state.firedSlots(scheduleID: "tick#1").count == 1
            }
            let claim = try #require(try await fixture.store.state.firedSlots(scheduleID: "tick#1").first)
            #expect(claim.fireTime == instant(10) && claim.nodeID == "node-1" && claim.outcome == nil)
            #expect(claim.claimedAt < instant(10))
            #expect(harness.outcomes.isEmpty, "nothing starts before the due instant: \(harness.outcomes)")
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "tick", start: 0, count: 10).isEmpty)
            clock.advance(by: .milliseconds(400))  // 00:00:10
            try await harness.settle()
            await harness.stop()
            let started = harness.outcomes(.started)
            #expect(started.map(\.fireTime) == [instant(10)])
            #expect(started.allSatisfy { ($0.lateness ?? -1) >= 0 }, "started at or after the due instant")
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "tick#1").first)
            #expect(slot.outcome == "started" && slot.jobExecutionID == started.first?.executionID)
        }
    }

    @Test("a node stopping before a claimed slot is due releases it, and the next node fires it")
    func shutdownReleasesAClaimNotYetDue() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("tick", steps: [("work", "true")]) { $0.schedules = [every(10)] }
            let clock = ManualClock(epoch: instant(9))
            let first = SchedulerHarness(fixture, clock: clock) { $0.claimAhead = .seconds(2) }
            first.start()
            try await eventually("the slot of 00:00:10 to be claimed ahead") {
                try await fixture.store.state.firedSlots(scheduleID: "tick#1").count == 1
            }
            await first.stop()
            #expect(first.outcomes.isEmpty, "\(first.outcomes)")
            #expect(try await fixture.store.state.firedSlots(scheduleID: "tick#1").isEmpty, "the claim was released")
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "tick", start: 0, count: 10).isEmpty)

            let second = SchedulerHarness(fixture, clock: clock, node: "node-2")
            second.start()
            try await second.settle()
            try await second.advance(.seconds(1))  // 00:00:10
            await second.stop()
            #expect(second.outcomes(.started).map(\.fireTime) == [instant(10)])
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "tick#1").first)
            #expect(slot.nodeID == "node-2" && slot.outcome == "started")
        }
    }
}
