import BatchwireCore
import BatchwireStore
import Foundation
import Testing

extension ServeProcessTests {
    @Suite("downtime replay with misfire: latest")
    struct DowntimeReplayTests {
        static let job = """
            name: beat
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
                overlap: allow
                misfire: latest
            """

        /// The scheduler's misfire threshold: a slot later than this is a misfire.
        static let threshold: TimeInterval = 10
        /// The downtime, counted from the last slot fired before the stop to the restart.
        static let gap: TimeInterval = 13

        @Test(
            "after 13 s down, the overdue slots are recorded missed but the newest (replayed once), the rest fire on time",
            arguments: [ServeSite.Backend.sqlite, .mariadb])
        func replayOnce(backend: ServeSite.Backend) async throws {
            try await ServeSite.with(backend) { site in
                try site.writeJob("beat.yaml", Self.job)
                let store = try await site.openStore()
                do {
                    let first = try site.serve(node: "first")
                    try await first.waitForError(containing: "batchwire serve started")
                    try await eventually("beat to fire 3 times", within: 60) {
                        try await store.state.firedSlots(scheduleID: "beat#1").count >= 3
                    }
                    first.terminate()
                    let firstEnd = try await first.waitForEnd(within: 60)
                    #expect(firstEnd == .exited(0), "\(first.errorTail())")
                    let lastBefore = try #require(try await store.state.lastFiredSlot(scheduleID: "beat#1"))

                    try await sleep(until: lastBefore.addingTimeInterval(Self.gap))
                    let second = try site.serve(node: "second")
                    let restarted = Date()
                    try await second.waitForError(containing: "batchwire serve started")
                    try await eventually("beat to fire on time again", within: 60) {
                        try await store.state.firedSlots(scheduleID: "beat#1", limit: 3).contains {
                            $0.nodeID == "second" && $0.outcome == "started" && $0.fireTime > restarted.addingTimeInterval(2)
                        }
                    }
                    second.terminate()
                    let secondEnd = try await second.waitForEnd(within: 60)
                    #expect(secondEnd == .exited(0), "\(second.errorTail())")

                    let record = try await FiringRecord.load(store, scheduleID: "beat#1", jobName: "beat")
                    #expect(record.missingSeconds.isEmpty, "seconds never recorded: \(record.missingSeconds)")
                    #expect(record.duplicateSeconds.isEmpty)
                    let gapSlots = record.slots.filter { $0.fireTime > lastBefore }
                    #expect(gapSlots.allSatisfy { $0.nodeID == "second" })

                    // Missed slots first, then the one replay, then on-time fires.
                    let missed = Array(gapSlots.prefix { $0.outcome?.hasPrefix("missed:") == true })
                    #expect(!missed.isEmpty, "a \(Int(Self.gap)) s gap leaves overdue slots: \(gapSlots.prefix(5))")
                    let replay = try #require(gapSlots.dropFirst(missed.count).first)
                    #expect(replay.outcome == "started")
                    // The replay was overdue when it fired: older than the threshold at its claim.
                    #expect(replay.fireTime < replay.claimedAt.addingTimeInterval(-Self.threshold))
                    let superseded = "superseded by the later missed slot \(replay.fireTime.formatted(.iso8601))"
                    for slot in missed {
                        #expect(slot.outcome?.contains(superseded) == true, "\(slot.outcome ?? "no outcome")")
                        #expect(slot.jobExecutionID == nil)
                    }
                    let afterReplay = gapSlots.dropFirst(missed.count + 1)
                    #expect(afterReplay.allSatisfy { $0.outcome == "started" }, "\(afterReplay.filter { $0.outcome != "started" })")

                    // A run for every started slot and for no other; none twice.
                    let startedMillis = Set(record.slots.filter { $0.outcome == "started" }.map { epochMillis($0.fireTime) })
                    let runMillis = record.executions.values.compactMap(fireTimeMillis)
                    #expect(runMillis.count == startedMillis.count)
                    #expect(Set(runMillis) == startedMillis)
                    let shutdowns = [first.terminatedAt, second.terminatedAt].compactMap { $0 }
                    for slot in record.slots where slot.outcome == "started" {
                        let execution = try #require(record.execution(of: slot), "slot \(slot.fireTime)")
                        #expect(fireTimeMillis(execution) == epochMillis(slot.fireTime))
                        // A run still going at a SIGTERM is STOPPED, by design.
                        let stoppedByShutdown =
                            execution.status == .stopped
                            && shutdowns.contains { abs(slot.fireTime.timeIntervalSince($0)) < 3 }
                        #expect(execution.status == .completed || stoppedByShutdown, "execution \(execution.id): \(execution.status)")
                    }
                    print("downtime replay (\(backend.rawValue)): last fire before the stop \(lastBefore), \(missed.count) missed, "
                        + "replayed \(replay.fireTime), \(afterReplay.count) on-time fires after it")
                } catch {
                    await store.close()
                    throw error
                }
                await store.close()
            }
        }
    }
}
