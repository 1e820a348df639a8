import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    @Suite("a broken job file next to good ones")
    struct BrokenJobFileTests {
        static let good = """
            name: good
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
                overlap: allow
            """

        static let quiet = """
            name: quiet
            steps:
              - name: touch
                command: ["/bin/true"]
            """

        /// Line 7 has a minute field out of range.
        static let broken = """
            name: broken
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
              - cron: "61 * * * *"
            """

        @Test(
            "serve names the file, line and reason on stderr and keeps firing the good job, even when its file breaks later"
        )
        func goodJobsKeepFiring() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("good.yaml", Self.good)
                try site.writeJob("quiet.yaml", Self.quiet)
                try site.writeJob("broken.yaml", Self.broken)
                let node = try site.serve(node: "solo")
                try await node.waitForError(containing: "batchwire serve started")
                let brokenFile = site.schedules.appendingPathComponent("broken.yaml").path
                try await node.waitForError(containing: "\(brokenFile):7:")
                let line = node.standardError.split(separator: "\n").first { $0.contains("\(brokenFile):7:") } ?? ""
                #expect(line.contains("job file not loaded"), "\(line)")
                #expect(line.contains("out of range"), "\(line)")
                #expect(node.standardError.contains("jobs=2"), "two jobs load: \(node.errorTail())")

                try await site.withStore { store in
                    try await eventually("the good job to fire 3 times", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "good#1").filter { $0.outcome == "started" }.count
                            >= 3
                    }
                    #expect(
                        try await store.state.firedSlots(scheduleID: "broken#1").isEmpty,
                        "no part of the broken file runs")

                    // The good file breaks while serve runs: the reload reports it, and its last good version
                    // keeps firing.
                    try site.writeJob(
                        "good.yaml", Self.good.replacingOccurrences(of: "incrementer:", with: "incrementr:"))
                    let goodFile = site.schedules.appendingPathComponent("good.yaml").path
                    try await node.waitForError(containing: "\(goodFile):2:")
                    let reported =
                        node.standardError.split(separator: "\n").first { $0.contains("\(goodFile):2:") } ?? ""
                    #expect(reported.contains("incrementr"), "\(reported)")
                    let seen = Date()
                    try await eventually("the good job to fire after its file broke", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "good#1", limit: 3).contains {
                            $0.outcome == "started" && $0.claimedAt > seen.addingTimeInterval(2)
                        }
                    }
                    #expect(node.isRunning)
                }
                node.terminate()
                let end = try await node.waitForEnd(within: 60)
                #expect(end == .exited(0), "\(node.errorTail())")
            }
        }
    }
}
