import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 14, the database-outage defects, on a MariaDB server of the test's own that it stops for 30 s
    /// while `batchwire serve` runs:
    /// - a step that finished during the outage: its completion write failed and was never retried, and once
    ///   the lease ran out the node's own recovery marked the successful run FAILED ("node … stopped
    ///   heartbeating");
    /// - the first slot due during the outage was recorded `failed: getJobInstances failed in the database`
    ///   and never run;
    /// - slots due during the outage ignored their misfire policy: `misfire: none` ran them up to 35 s late,
    ///   `misfire: all` ran every one of them whatever `maxCatchup` said.
    @Suite("MariaDB stopped for 30 s while serve runs")
    struct DatabaseOutageTests {
        static let outage: TimeInterval = 30
        /// The scheduler's misfire threshold: a slot later than this is a misfire (docs/job-files.md).
        static let threshold: TimeInterval = 10
        /// Slack for "late": a slot claimed at the threshold still needs its launch.
        static let slack: TimeInterval = 2
        /// How long the long step sleeps: it is running when the server stops, and ends while it is down.
        static let stepSeconds = 8
        static let leaseSeconds = 10
        static let maxCatchup = 3

        /// A step that sleeps, fired at `slot` (hourly from it: once in the test).
        static func longJob(at slot: Date) -> String {
            """
            name: long-step
            steps:
              - name: sleep
                command: ["/bin/sleep", "\(stepSeconds)"]
            schedules:
              - name: once
                every: 1h
                anchor: \(slot.formatted(.iso8601))
            """
        }

        /// A job fired every 2 s under `misfire`; `overlap: allow`, so only the misfire policy decides its slots.
        static func everyTwoSeconds(_ name: String, misfire: String, extra: String = "") -> String {
            """
            name: \(name)
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - name: every-2s
                every: 2s
                misfire: \(misfire)
                overlap: allow\(extra)
            """
        }

        @Test(
            "a run ending during a 30 s outage is COMPLETED; slots due meanwhile follow their misfire policy; none is recorded failed"
        )
        func outageFollowsPolicies() async throws {
            try await PrivateMariaDB.with { database in
                try await PrivateServeSite.with(database) { site in
                    let longSlot = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 10).rounded(.up))
                    try site.writeJob("long-step.yaml", Self.longJob(at: longSlot))
                    try site.writeJob("never-late.yaml", Self.everyTwoSeconds("never-late", misfire: "none"))
                    try site.writeJob(
                        "catch-up.yaml",
                        Self.everyTwoSeconds("catch-up", misfire: "all", extra: "\n    maxCatchup: \(Self.maxCatchup)"))
                    let validation = try await site.run(["validate"])
                    try #require(validation.end == .exited(0), "the job files do not load: \(validation)")
                    let node = try site.serve(
                        node: "solo",
                        arguments: [
                            "--lease-seconds", "\(Self.leaseSeconds)", "--recovery-seconds", "2", "--shutdown-grace", "5s",
                        ])
                    try await node.waitForError(containing: "batchwire serve started")

                    // The long step runs; the two-second schedules have fired before the outage.
                    let longRun = try await site.withStore { store in
                        var running: JobExecution?
                        try await eventually("the long step to run", within: 60, every: .milliseconds(100)) {
                            running = try await store.explorer.getJobExecutions(
                                jobName: "long-step", start: 0, count: 1
                            ).first
                            return running?.stepExecutions.first?.status == .started
                        }
                        for schedule in ["never-late#every-2s", "catch-up#every-2s"] {
                            try await eventually("\(schedule) to start twice", within: 30, every: .milliseconds(100)) {
                                try await store.state.firedSlots(scheduleID: schedule).filter {
                                    $0.outcome == "started"
                                }.count >= 2
                            }
                        }
                        return try #require(running)
                    }

                    // The two-second schedules claim each even second's slot at the odd second before it (claim-ahead
                    // 1 s): stopping the server just after such a claim leaves a claimed slot due with the server gone.
                    var second = Date().timeIntervalSince1970.rounded(.down) + 1
                    if Int64(second) % 2 == 0 { second += 1 }
                    try await sleep(until: Date(timeIntervalSince1970: second + 0.25))
                    let stopIssued = Date()
                    try await database.stop()
                    let stopped = Date()
                    let stepEnds = longRun.stepExecutions.first?.startTime.map { $0.instant(in: .current) }
                        .map { $0.addingTimeInterval(TimeInterval(Self.stepSeconds)) }
                    if let stepEnds, stepEnds < stopped {
                        Issue.record("the server took until \(stopped) to stop, after the step ended at \(stepEnds)")
                    }
                    try await sleep(until: stopIssued.addingTimeInterval(Self.outage))
                    try await database.start()
                    let back = Date()

                    // Time for the node to reconnect, record what it can, decide the missed slots, run its
                    // catch-ups and its recovery loop (every 2 s; the lease ran out during the outage).
                    try await sleep(until: back.addingTimeInterval(25))
                    node.terminate()
                    let end = try await node.waitForEnd(within: 20)
                    #expect(end == .exited(0), "\(node.errorTail())")

                    try await site.withStore { store in
                        try await Self.check(
                            store, longRun: longRun.id, outageFrom: stopIssued, stopped: stopped, back: back, node: node)
                    }
                }
            }
        }

        static func check(
            _ store: MetadataStore, longRun id: Int64, outageFrom: Date, stopped: Date, back: Date, node: BatchwireProcess
        ) async throws {
            let iso: (Date) -> String = { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
            print(
                "outage: server stop asked \(iso(outageFrom)), stopped \(iso(stopped)), answering again \(iso(back))")

            // The run that ended while the server was down completed.
            let long = try #require(try await store.explorer.getJobExecution(id: id))
            #expect(
                long.status == .completed && long.stepExecutions.map(\.status) == [.completed],
                """
                the long step finished (exit 0) while the server was down, but its execution \(long.id) is \
                \(long.status) (\(long.exitStatus.exitCode): \(long.exitStatus.exitDescription)); steps \
                \(long.stepExecutions.map { "\($0.stepName) \($0.status)" })
                """)

            // No slot was recorded failed because the server was away.
            var failed: [String] = []
            for schedule in ["long-step#once", "never-late#every-2s", "catch-up#every-2s"] {
                for slot in try await store.state.firedSlots(scheduleID: schedule, limit: 1000)
                where slot.outcome?.hasPrefix("failed") == true {
                    failed.append("\(schedule) \(iso(slot.fireTime)): \(slot.outcome ?? "")")
                }
            }
            #expect(failed.count == 0, "slots recorded failed:\n\(failed.joined(separator: "\n"))")

            // misfire: none — nothing late beyond the threshold; what passed was recorded missed.
            let none = try await Self.outageSlots(
                store, scheduleID: "never-late#every-2s", jobName: "never-late", from: outageFrom, back: back)
            print("never-late (misfire: none):\n" + none.table)
            #expect(none.missing.count == 0, "misfire: none, slots with no row at all: \(none.missing.map(iso))")
            let lateRuns = none.rows.filter { ($0.lateness ?? 0) > Self.threshold + Self.slack }
            #expect(
                lateRuns.count == 0,
                """
                misfire: none ran \(lateRuns.count) slots of the outage more than \(Int(Self.threshold)) s late (up to \
                \(Int(lateRuns.compactMap(\.lateness).max() ?? 0)) s): \
                \(lateRuns.map { "\(iso($0.slot)) \(Int($0.lateness ?? 0)) s late" })
                """)
            let overdueNotMissed = none.overdueAtReturn.filter { $0.outcome?.hasPrefix("missed: ") != true }
            #expect(
                overdueNotMissed.count == 0,
                """
                misfire: none, slots more than \(Int(Self.threshold)) s overdue when the server came back must be recorded \
                missed: \(overdueNotMissed.map { "\(iso($0.slot)) \($0.outcome ?? "no outcome")" })
                """)

            // misfire: all, maxCatchup 3 — at most 3 late replays; the other overdue slots recorded missed.
            let all = try await Self.outageSlots(
                store, scheduleID: "catch-up#every-2s", jobName: "catch-up", from: outageFrom, back: back)
            print("catch-up (misfire: all, maxCatchup: \(Self.maxCatchup)):\n" + all.table)
            #expect(all.missing.count == 0, "misfire: all, slots with no row at all: \(all.missing.map(iso))")
            let replays = all.rows.filter { ($0.lateness ?? 0) > Self.threshold + Self.slack }
            #expect(
                replays.count <= Self.maxCatchup,
                """
                misfire: all with maxCatchup \(Self.maxCatchup) ran \(replays.count) slots of the outage more than \
                \(Int(Self.threshold)) s late: \(replays.map { "\(iso($0.slot)) \(Int($0.lateness ?? 0)) s late" })
                """)
            let overdueUnaccounted = all.overdueAtReturn.filter {
                $0.outcome != "started" && $0.outcome?.hasPrefix("missed: ") != true
            }
            #expect(
                overdueUnaccounted.count == 0,
                """
                misfire: all, overdue slots neither replayed nor recorded missed: \
                \(overdueUnaccounted.map { "\(iso($0.slot)) \($0.outcome ?? "no outcome")" })
                """)
            // Only the newest missed slots are replayed: none that ran may be older than one given up as missed
            // (such a run is a catch-up beyond maxCatchup too, whatever its lateness).
            let newestMissed = all.rows.filter { $0.outcome?.hasPrefix("missed: ") == true }.map(\.slot).max()
            let olderThanMissed = all.rows.filter { row in
                row.outcome == "started" && newestMissed.map { row.slot < $0 } == true
            }
            // Known gap (issue 14, left open): the slot claimed just before the outage, whose launch waited for the
            // database, is sometimes started on top of the newest replays when the database returns (it is counted
            // toward maxCatchup only when the worker's queue already holds the planned replays at that instant).
            withKnownIssue("issue 14: the slot claimed before the outage can run on top of maxCatchup", isIntermittent: true) {
                #expect(
                    olderThanMissed.count == 0,
                    """
                    misfire: all with maxCatchup \(Self.maxCatchup) replays the newest missed slots only, but ran slots \
                    older than the missed \(newestMissed.map(iso) ?? "-"): \
                    \(olderThanMissed.map { "\(iso($0.slot)) \(Int($0.lateness ?? 0)) s late" }) (catch-up runs beyond \
                    maxCatchup, on top of the newest replays)
                    """)
            }
        }

        /// A two-second schedule's slots from the outage on.
        struct OutageSlots {
            struct Row {
                let slot: Date
                let outcome: String?
                /// How late its run was created, if it ran.
                let lateness: TimeInterval?
            }

            /// The slots due from the outage's start until 10 s after the server answered again, with a row.
            var rows: [Row] = []
            /// Slots of that span with no row.
            var missing: [Date] = []
            /// Rows of slots that were overdue by more than threshold + slack when the server answered again.
            var overdueAtReturn: [Row] = []
            var table = ""
        }

        static func outageSlots(
            _ store: MetadataStore, scheduleID: String, jobName: String, from: Date, back: Date
        ) async throws -> OutageSlots {
            let record = try await FiringRecord.load(store, scheduleID: scheduleID, jobName: jobName)
            var result = OutageSlots()
            let bySecond = Dictionary(record.slots.map { (epochSecond($0.fireTime), $0) }, uniquingKeysWith: { a, _ in a })
            let first = Int64((from.timeIntervalSince1970 / 2).rounded(.up)) * 2
            let last = Int64(back.timeIntervalSince1970) + Int64(threshold)
            for second in stride(from: first, through: last, by: 2) {
                let instant = Date(timeIntervalSince1970: TimeInterval(second))
                guard let slot = bySecond[second] else {
                    result.missing.append(instant)
                    continue
                }
                let run = record.execution(of: slot)
                let lateness = run.map { $0.createTime.instant(in: .current).timeIntervalSince(slot.fireTime) }
                let row = OutageSlots.Row(slot: slot.fireTime, outcome: slot.outcome, lateness: lateness)
                result.rows.append(row)
                if instant < back.addingTimeInterval(-(threshold + slack)) { result.overdueAtReturn.append(row) }
                let late = lateness.map { String(format: "%.1f s late", $0) } ?? "-"
                result.table += "  +\(Int(instant.timeIntervalSince(from))) s \(slot.outcome ?? "undecided") (\(late))\n"
            }
            return result
        }
    }
}
