import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// An on-time fire of a schedule with `overlap: skip` or `allow` that reaches its worker already due (here:
/// `claimAhead` zero) is claimed in its launch's transaction, which also checks the job for a running
/// execution (`skip`); one handed over before it is due is still claimed ahead (``SchedulerClaimAheadTests``).
@Suite("Scheduler claims a slot in its launch's transaction")
struct SchedulerClaimInLaunchTests {
    @Test("a slot due when its worker gets it: its row and its run commit together", arguments: LaunchBackend.allCases)
    func claimAndRunTogether(_ backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("tick", steps: [("work", "true")]) { $0.schedules = [every(10)] }
            let clock = ManualClock(epoch: instant(7))
            let harness = SchedulerHarness(fixture, clock: clock) { $0.claimAhead = .zero }
            harness.start()
            try await harness.advance(.seconds(2))  // 00:00:09: nothing handed over, nothing written
            #expect(try await fixture.store.state.firedSlots(scheduleID: "tick#1").isEmpty)
            try await harness.advance(.seconds(1))  // 00:00:10
            await harness.stop()
            let started = harness.outcomes(.started)
            #expect(started.map(\.fireTime) == [instant(10)])
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "tick#1").first)
            #expect(slot.nodeID == "node-1" && slot.outcome == "started")
            #expect(slot.jobExecutionID != nil && slot.jobExecutionID == started.first?.executionID)
            #expect(slot.claimedAt >= instant(10), "claimed at the due instant: \(slot.claimedAt)")
        }
    }

    @Test("a slot another node holds starts no run here", arguments: LaunchBackend.allCases)
    func claimedElsewhere(_ backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("tick", steps: [("work", "true")]) { $0.schedules = [every(10)] }
            let clock = ManualClock(epoch: instant(8))
            let harness = SchedulerHarness(fixture, clock: clock) { $0.claimAhead = .zero }
            harness.start()
            try await harness.settle()  // the schedules are loaded; 00:00:10 is next
            #expect(try await fixture.store.state.claimFiredSlot(
                scheduleID: "tick#1", fireTime: instant(10), nodeID: "node-2", at: instant(9)))
            try await harness.advance(.seconds(2))  // 00:00:10
            await harness.stop()
            #expect(harness.outcomes.map(\.kind) == [.claimedElsewhere])
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "tick", start: 0, count: 10).isEmpty)
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "tick#1").first)
            #expect(slot.nodeID == "node-2" && slot.outcome == nil)
        }
    }

    @Test("while this node runs the job, overlap: skip records the slot skipped with its event, no run",
          arguments: LaunchBackend.allCases)
    func skippedWithItsEvent(_ backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let release = fixture.file("release")
            try fixture.register(
                "slow", steps: [("work", "for i in $(seq 600); do [ -f '\(release)' ] && exit 0; sleep 0.1; done")]
            ) { $0.schedules = [every(10)] }
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1))) { $0.claimAhead = .zero }
            harness.start()
            try await harness.advance(.seconds(9), runs: false)  // 00:00:10 starts
            let first = try #require(harness.outcomes(.started).first?.executionID)
            try await harness.advance(.seconds(10), runs: false)  // 00:00:20 finds it running
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            try await harness.settle(runs: true)
            await harness.stop()
            #expect(harness.outcomes(.skipped).map(\.fireTime) == [instant(20)])
            let slots = try await fixture.store.state.firedSlots(scheduleID: "slow#1")
            let skipped = try #require(slots.first { $0.fireTime == instant(20) })
            #expect(skipped.nodeID == "node-1" && skipped.jobExecutionID == nil)
            #expect(skipped.outcome == "skipped: execution \(first) was still running")
            let events = try await fixture.store.state.pendingEvents(limit: 1_000).map(\.event.payload)
            let skipEvents = events.filter { $0.contains("\"outcome\":\"skipped\"") && $0.contains("\"schedule\":\"slow#1\"") }
            #expect(skipEvents.count == 1, "one skip event for the slot: \(skipEvents)")
            #expect(skipEvents.first?.contains("\"runningExecutionId\":\(first)") == true, "\(skipEvents)")
        }
    }

    @Test("while another node runs the job, the claiming transaction finds it and records the slot skipped",
          arguments: LaunchBackend.allCases)
    func skippedForAnotherNodesRun(_ backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let release = fixture.file("release")
            try fixture.register(
                "slow", steps: [("work", "for i in $(seq 600); do [ -f '\(release)' ] && exit 0; sleep 0.1; done")]
            ) { $0.schedules = [every(10)] }
            let otherNode = fixture.makeOperator(node: "node-2")
            let running = try await otherNode.startNextInstance(jobName: "slow")
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(8))) { $0.claimAhead = .zero }
            harness.start()
            try await harness.advance(.seconds(2), runs: false)  // 00:00:10
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            _ = await otherNode.launcher.waitForExecution(running.id)
            await harness.stop()
            #expect(harness.outcomes.map(\.kind) == [.skipped])
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "slow#1").first)
            #expect(slot.nodeID == "node-1" && slot.outcome == "skipped: execution \(running.id) was still running")
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "slow", start: 0, count: 10).count == 1)
        }
    }
}
