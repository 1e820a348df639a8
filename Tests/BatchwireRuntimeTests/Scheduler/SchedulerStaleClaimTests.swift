import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// A node that claimed a slot and stopped before deciding it (killed between the claim and the launch) leaves
/// an undecided claim; another node takes it over once the first stopped heartbeating, so the slot is not lost.
@Suite("Scheduler takes over stale slot claims")
struct SchedulerStaleClaimTests {
    /// Every hour on the hour: 2026-01-01T00:00:00Z is one of its slots (`instant(0)`).
    static let hourly = every(3600)

    /// A claim of `node` on the slot `instant(0)` with no outcome, and the node's last heartbeat, both at `instant(0)`.
    static func abandonedClaim(_ fixture: LaunchFixture, node: String) async throws {
        #expect(try await fixture.store.state.claimFiredSlot(scheduleID: "hourly#1", fireTime: instant(0), nodeID: node, at: instant(0)))
        try await fixture.store.state.heartbeat(nodeID: node, hostName: nil, at: instant(0))
    }

    /// Moves the clock on 5 s at a time (the checks run every 15 s, in the background) until `condition`
    /// holds, for at most 10 minutes of the test's clock.
    static func advance(
        _ harness: SchedulerHarness, until what: String, _ condition: () async throws -> Bool
    ) async throws {
        for _ in 0..<120 {
            if try await condition() { return }
            try await harness.advance(.seconds(5))
            try await Task.sleep(for: .milliseconds(20))
        }
        try await eventually(what, condition)
    }

    @Test("a dead node's claim is taken over after staleClaimAge and fired under misfire: latest")
    func deadNodesClaimIsFired() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("hourly", steps: [("work", "true")]) { $0.schedules = [Self.hourly] }
            try await Self.abandonedClaim(fixture, node: "dead-node")
            let clock = ManualClock(epoch: instant(5))
            let harness = SchedulerHarness(fixture, clock: clock)
            harness.start()
            try await harness.settle()
            try await harness.advance(.seconds(45))  // 00:00:50: the dead node's heartbeat is 50 s old
            let early = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(early.nodeID == "dead-node" && early.outcome == nil, "not stale yet")
            try await Self.advance(harness, until: "the stale claim to be taken over and fired") {
                harness.outcomes(.started).count == 1
            }
            try await harness.settle()
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(0)])
            #expect(harness.outcomes(.started).first?.lateness == nil, "a catch-up fire has no lateness")
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(slot.nodeID == "node-1" && slot.outcome == "started" && slot.jobExecutionID != nil)
            let execution = try #require(try await fixture.store.explorer.getJobExecution(id: slot.jobExecutionID ?? -1))
            #expect(execution.jobParameters["fireTime"]?.value == .date(instant(0)))
        }
    }

    @Test("under misfire: none the taken-over slot is recorded as missed, naming the node that stopped")
    func deadNodesClaimIsMissedUnderNone() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("hourly", steps: [("work", "true")]) {
                $0.schedules = [every(3600) { $0.misfire = .none }]
            }
            try await Self.abandonedClaim(fixture, node: "dead-node")
            let clock = ManualClock(epoch: instant(5))
            let harness = SchedulerHarness(fixture, clock: clock)
            harness.start()
            try await harness.settle()
            try await Self.advance(harness, until: "the stale claim to be recorded as missed") {
                harness.outcomes(.missed).count == 1
            }
            await harness.stop()
            #expect(harness.outcomes(.started).isEmpty)
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(slot.nodeID == "node-1" && slot.jobExecutionID == nil)
            #expect(slot.outcome?.hasPrefix("missed: node dead-node claimed it") == true, "\(slot.outcome ?? "nil")")
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "hourly", start: 0, count: 10).isEmpty)
        }
    }

    @Test("a run the dead node did start becomes the slot's run; no second run")
    func runStartedBeforeTheNodeDiedIsAdopted() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("hourly", steps: [("work", "true")]) { $0.schedules = [Self.hourly] }
            try await Self.abandonedClaim(fixture, node: "dead-node")
            let dead = fixture.makeOperator(node: "dead-node")
            let started = try await dead.startNextInstance(jobName: "hourly", fireTime: instant(0))
            _ = await dead.launcher.waitForExecution(started.id)
            // Its launcher heartbeated on the real clock; the node died at 00:00:00 of the test's clock.
            try await fixture.store.state.heartbeat(nodeID: "dead-node", hostName: nil, at: instant(0))
            let clock = ManualClock(epoch: instant(5))
            let harness = SchedulerHarness(fixture, clock: clock)
            harness.start()
            try await harness.settle()
            try await Self.advance(harness, until: "the stale claim to be taken over") {
                try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first?.outcome != nil
            }
            await harness.stop()
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(slot.outcome == "started" && slot.jobExecutionID == started.id)
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "hourly", start: 0, count: 10).count == 1)
        }
    }

    /// Issue 15, item 6: with `incrementer: run-id` every run carried the job's first fireTime, so the run a
    /// dead node started for the slot was not found and the slot was recorded "missed … stopped before
    /// deciding it" although it had run.
    @Test("a run-id job with earlier runs: the run the dead node started for the slot is adopted, not recorded missed")
    func runOfARunIDJobWithHistoryIsAdopted() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("hourly", steps: [("work", "true")], incrementer: .runID) { $0.schedules = [Self.hourly] }
            let dead = fixture.makeOperator(node: "dead-node")
            let earlier = try await dead.startNextInstance(jobName: "hourly", fireTime: instant(-7200))
            _ = await dead.launcher.waitForExecution(earlier.id)
            try await Self.abandonedClaim(fixture, node: "dead-node")
            let started = try await dead.startNextInstance(jobName: "hourly", fireTime: instant(0))
            _ = await dead.launcher.waitForExecution(started.id)
            try await fixture.store.state.heartbeat(nodeID: "dead-node", hostName: nil, at: instant(0))
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(5)))
            harness.start()
            try await harness.settle()
            try await Self.advance(harness, until: "the stale claim to be taken over") {
                try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first?.outcome != nil
            }
            await harness.stop()
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(slot.outcome == "started", "\(slot.outcome ?? "none")")
            #expect(slot.jobExecutionID == started.id)
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "hourly", start: 0, count: 10).count == 2)
        }
    }

    @Test("a restarted node takes over its own undecided claims at once")
    func ownClaimsFromAnEarlierProcessAreTakenOverAtStart() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("hourly", steps: [("work", "true")]) { $0.schedules = [Self.hourly] }
            try await Self.abandonedClaim(fixture, node: "node-1")
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(5)))
            harness.start()
            try await eventually("the earlier process's claim to be fired") { harness.outcomes(.started).count == 1 }
            try await harness.settle()
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(0)])
            let slot = try #require(try await fixture.store.state.firedSlots(scheduleID: "hourly#1").first)
            #expect(slot.nodeID == "node-1" && slot.outcome == "started")
        }
    }
}
