import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@testable import BatchwireRuntime

/// Overlap policies: the job's first run is still going (a marker file holds it) when the next slots fire.
@Suite("Scheduler overlap policies")
struct SchedulerOverlapTests {
    /// Registers a job whose step waits until `release` exists (or 60 s pass).
    private func registerBlocking(_ fixture: LaunchFixture, overlap: ScheduleDefinition.Overlap) throws -> String {
        let release = fixture.file("release")
        try fixture.register("slow", steps: [("work", "for i in $(seq 600); do [ -f '\(release)' ] && exit 0; sleep 0.1; done")]) {
            $0.schedules = [every(10) { $0.overlap = overlap }]
        }
        return release
    }

    private func running(_ fixture: LaunchFixture) async throws -> [Int64] {
        try await fixture.store.explorer.findRunningJobExecutions(jobName: "slow").map(\.id)
    }

    @Test("overlap: skip records the fire with the running execution's id and starts nothing")
    func skip() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            let release = try registerBlocking(fixture, overlap: .skip)
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(9), runs: false)
            let first = try #require(harness.outcomes(.started).first?.executionID)
            try await harness.advance(.seconds(10), runs: false)
            #expect(harness.outcomes(.skipped).map(\.fireTime) == [instant(20)])
            #expect(harness.outcomes(.skipped).first?.reason == "execution \(first) was still running")
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            try await harness.settle(runs: true)
            try await harness.advance(.seconds(10))
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(10), instant(30)])
        }
    }

    @Test("overlap: queue holds one fire until the run ends and skips a second")
    func queue() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            let release = try registerBlocking(fixture, overlap: .queue)
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(9), runs: false)
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(10)])
            harness.clock.advance(by: .seconds(10))  // 00:00:20 waits
            try await eventually("the 00:00:20 fire to wait") {
                harness.scheduler.state.withLock { $0.workers["slow#1"]?.waitingSlot == instant(20) }
            }
            harness.clock.advance(by: .seconds(10))  // 00:00:30 is skipped: the queue is full
            try await eventually("the 00:00:30 fire to be skipped") { harness.outcomes(.skipped).count == 1 }
            #expect(harness.outcomes(.skipped).first?.fireTime == instant(30))
            #expect(harness.outcomes(.started).count == 1)
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            try await eventually("the queued fire to start") {
                harness.clock.advance(by: .milliseconds(500))
                return harness.outcomes(.started).count == 2
            }
            await harness.stop()
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(10), instant(20)])
        }
    }

    @Test("overlap: allow starts a second run while the first goes on")
    func allow() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            let release = try registerBlocking(fixture, overlap: .allow)
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(19), runs: false)
            #expect(harness.outcomes(.started).map(\.fireTime) == [instant(10), instant(20)])
            #expect(try await running(fixture).count == 2)
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            await harness.stop()
        }
    }

    @Test("overlap: cancel-running stops the running execution, then starts the new one")
    func cancelRunning() async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            _ = try registerBlocking(fixture, overlap: .cancelRunning)
            let harness = SchedulerHarness(fixture, clock: ManualClock(epoch: instant(1)))
            harness.start()
            try await harness.advance(.seconds(9), runs: false)
            let first = try #require(harness.outcomes(.started).first?.executionID)
            harness.clock.advance(by: .seconds(10))
            try await eventually("the 00:00:20 fire to start after the stop", within: 60) {
                harness.clock.advance(by: .milliseconds(200))
                return harness.outcomes(.started).count == 2
            }
            let stopped = try #require(try await fixture.store.explorer.getJobExecution(id: first))
            #expect(stopped.status == .stopped)
            #expect(harness.outcomes(.started).last?.fireTime == instant(20))
            await harness.stop()
        }
    }
}
