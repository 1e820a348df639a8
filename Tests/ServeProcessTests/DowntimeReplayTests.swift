import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    /// A node stops (SIGTERM), stays down past the misfire threshold, and starts again with `misfire: latest`.
    @Suite("downtime replay with misfire: latest")
    struct DowntimeReplayTests {
        /// An every-second job; `end` bounds its schedule when set.
        static func job(end: Date? = nil) -> String {
            """
            name: beat
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
                overlap: allow
                misfire: latest
            """ + (end.map { "\n    end: \($0.formatted(.iso8601))" } ?? "")
        }

        /// The scheduler's misfire threshold: a slot later than this is a misfire.
        static let threshold: TimeInterval = 10

        /// Runs a first node until it fired 3 slots, stops it with SIGTERM.
        /// - Returns: the last slot it claimed.
        static func fireThenStop(_ site: ServeSite, _ store: MetadataStore) async throws -> Date {
            let first = try site.serve(node: "first")
            try await first.waitForError(containing: "batchwire serve started")
            try await eventually("beat to fire 3 times", within: 60, every: .milliseconds(100)) {
                try await store.state.firedSlots(scheduleID: "beat#1").count >= 3
            }
            first.terminate()
            let end = try await first.waitForEnd(within: 60)
            #expect(end == .exited(0), "\(first.errorTail())")
            return try #require(try await store.state.lastFiredSlot(scheduleID: "beat#1"))
        }

        @Test(
            "every slot of the downtime is overdue: exactly one replay (the newest), the others recorded missed",
            arguments: [ServeSite.Backend.sqlite, .mariadb])
        func exactlyOneReplay(backend: ServeSite.Backend) async throws {
            try await ServeSite.with(backend) { site in
                try site.writeJob("beat.yaml", Self.job())
                try await site.withStore { store in
                    let lastBefore = try await Self.fireThenStop(site, store)
                    // While the node is down the schedule gets an end 5 s after its last fire, so that at the
                    // restart all 5 slots of the downtime are overdue and none is on time.
                    let end = lastBefore.addingTimeInterval(5)
                    try site.writeJob("beat.yaml", Self.job(end: end))
                    try await sleep(until: end.addingTimeInterval(Self.threshold + 3))

                    let second = try site.serve(node: "second")
                    var replay: JobExecution?
                    try await eventually("the replay of \(end) to complete", within: 90, every: .milliseconds(100)) {
                        let slots = try await store.state.firedSlots(scheduleID: "beat#1", limit: 10)
                        guard let id = slots.first(where: { $0.fireTime == end })?.jobExecutionID else { return false }
                        replay = try await store.explorer.getJobExecution(id: id)
                        return replay?.status == .completed
                    }
                    second.terminate()
                    let secondEnd = try await second.waitForEnd(within: 60)
                    #expect(secondEnd == .exited(0), "\(second.errorTail())")

                    let record = try await FiringRecord.load(store, scheduleID: "beat#1", jobName: "beat")
                    #expect(record.missingSeconds.isEmpty, "seconds never recorded: \(record.missingSeconds)")
                    #expect(record.duplicateSeconds.isEmpty)
                    let gap = record.slots.filter { $0.fireTime > lastBefore }
                    #expect(gap.map(\.fireTime) == (1...5).map { lastBefore.addingTimeInterval(Double($0)) })
                    #expect(gap.allSatisfy { $0.nodeID == "second" })
                    let superseded = "superseded by the later missed slot \(end.formatted(.iso8601))"
                    for slot in gap.dropLast() {
                        #expect(
                            slot.outcome?.hasPrefix("missed: ") == true, "\(slot.fireTime): \(slot.outcome ?? "none")")
                        #expect(slot.outcome?.contains(superseded) == true, "\(slot.outcome ?? "none")")
                        #expect(slot.jobExecutionID == nil)
                    }
                    #expect(gap.last?.outcome == "started")
                    #expect(gap.last?.jobExecutionID == replay?.id)
                    // The downtime got exactly one run: the replay.
                    let gapRuns = record.executions.values.filter {
                        (fireTimeMillis($0) ?? 0) > epochMillis(lastBefore)
                    }
                    #expect(gapRuns.map(\.id) == [replay?.id].compactMap { $0 })
                    record.expectOneRunPerStartedSlot(shutdowns: site.terminations)
                    print(
                        "downtime replay (\(backend.rawValue)): last fire \(lastBefore), replayed \(end) once "
                            + "(execution \(replay?.id ?? -1)), \(gap.count - 1) slots missed")
                }
            }
        }

        @Test(
            "after 13 s down, the overdue slots are recorded missed in favour of the on-time slot; on-time slots fire")
        func onTimeSlotSupersedes() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("beat.yaml", Self.job())
                try await site.withStore { store in
                    let lastBefore = try await Self.fireThenStop(site, store)
                    try await sleep(until: lastBefore.addingTimeInterval(13))
                    let second = try site.serve(node: "second")
                    let restarted = Date()
                    try await eventually("beat to fire on time again", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "beat#1", limit: 3).contains {
                            $0.nodeID == "second" && $0.outcome == "started"
                                && $0.fireTime > restarted.addingTimeInterval(2)
                        }
                    }
                    second.terminate()
                    let secondEnd = try await second.waitForEnd(within: 60)
                    #expect(secondEnd == .exited(0), "\(second.errorTail())")

                    let record = try await FiringRecord.load(store, scheduleID: "beat#1", jobName: "beat")
                    #expect(record.missingSeconds.isEmpty, "seconds never recorded: \(record.missingSeconds)")
                    #expect(record.duplicateSeconds.isEmpty)
                    let gap = record.slots.filter { $0.fireTime > lastBefore }
                    #expect(gap.allSatisfy { $0.nodeID == "second" })
                    let missed = Array(gap.prefix { $0.outcome?.hasPrefix("missed: ") == true })
                    #expect(
                        !missed.isEmpty,
                        "a 13 s downtime leaves overdue slots: \(gap.prefix(5).map { "\($0.fireTime) \($0.outcome ?? "-")" })"
                    )
                    let rest = gap.dropFirst(missed.count)
                    #expect(rest.allSatisfy { $0.outcome == "started" }, "\(rest.filter { $0.outcome != "started" })")
                    // Each missed slot was overdue when it was given up, and names the on-time slot that superseded it.
                    let supersedingText = missed.first?.outcome?.firstMatch(of: /superseded by the on-time slot (\S+)/)
                    let superseding = try #require(
                        supersedingText.flatMap { try? Date(String($0.1), strategy: .iso8601) })
                    #expect(rest.contains { $0.fireTime == superseding }, "the superseding slot \(superseding) fired")
                    for slot in missed {
                        #expect(
                            slot.outcome?.contains("superseded by the on-time slot \(superseding.formatted(.iso8601))")
                                == true)
                        #expect(slot.fireTime < slot.claimedAt.addingTimeInterval(-Self.threshold))
                        #expect(slot.jobExecutionID == nil)
                    }
                    record.expectOneRunPerStartedSlot(shutdowns: site.terminations)
                    print(
                        "downtime of 13 s: last fire \(lastBefore), \(missed.count) overdue slots missed, "
                            + "\(rest.count) fired from \(rest.first?.fireTime as Any)")
                }
            }
        }
    }
}
