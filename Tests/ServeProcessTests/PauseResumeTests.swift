import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    @Suite("batchwire pause and resume while serve runs")
    struct PauseResumeTests {
        static let job = """
            name: pulse
            incrementer: fire-time
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - every: 1s
                overlap: allow
            """

        /// The port `serve --http-port 0` logged that it listens on.
        static func httpPort(of node: BatchwireProcess) async throws -> Int {
            try await node.waitForError(containing: "serving /metrics and /health")
            let line =
                node.standardError.split(separator: "\n").first { $0.contains("serving /metrics and /health") } ?? ""
            guard let match = line.firstMatch(of: /port=(\d+)/), let port = Int(match.1) else {
                throw LoopbackHTTPError(description: "no port in the log line '\(line)'")
            }
            return port
        }

        @Test("no slot is claimed while paused; schedules shows the pause and its reason; resume fires again")
        func pauseStopsFiring() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("pulse.yaml", Self.job)
                let node = try site.serve(node: "solo", arguments: ["--http-port", "0"])
                let port = try await Self.httpPort(of: node)
                try await site.withStore { store in
                    try await eventually("pulse to fire twice", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "pulse#1").count >= 2
                    }

                    let pause = try await site.run(["pause", "pulse", "--reason", "maintenance window"])
                    #expect(pause.end == .exited(0), "\(pause)")
                    #expect(pause.output.contains("paused pulse#1"), "\(pause)")
                    // The node reads pause states every 5 s; /health says when it has.
                    try await eventually("the node to report the pause", within: 60, every: .milliseconds(100)) {
                        let health = try await LoopbackHTTPClient.get("/health", port: port)
                        return health.text.contains("0 schedules active, 1 paused")
                    }
                    let metrics = try await LoopbackHTTPClient.get("/metrics", port: port)
                    #expect(metrics.text.contains(#"batchwire_schedules{state="paused"} 1"#), "\(metrics.text)")

                    // A fire already under way when the pause landed may still finish claiming; then nothing.
                    try await Task.sleep(for: .seconds(2))
                    let before = try await store.state.firedSlots(scheduleID: "pulse#1", limit: 100_000)
                    let quietFrom = Date()
                    try await Task.sleep(for: .seconds(6))
                    let during = try await store.state.firedSlots(scheduleID: "pulse#1", limit: 100_000)
                    #expect(
                        during.count == before.count,
                        "slots claimed while paused: \(during.filter { $0.claimedAt > quietFrom })")

                    let listing = try await site.run(["schedules"])
                    #expect(listing.end == .exited(0), "\(listing)")
                    let row = listing.output.split(separator: "\n").first { $0.hasPrefix("pulse#1") } ?? ""
                    #expect(row.contains("paused (maintenance window)"), "\(listing.output)")

                    let resume = try await site.run(["resume", "pulse"])
                    #expect(resume.end == .exited(0), "\(resume)")
                    #expect(resume.output.contains("resumed pulse#1"), "\(resume)")
                    let resumed = Date()
                    try await eventually("pulse to fire again", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: "pulse#1", limit: 3).contains {
                            $0.outcome == "started" && $0.claimedAt > resumed && $0.fireTime > resumed
                        }
                    }
                    let after = try await site.run(["schedules"])
                    let activeRow = after.output.split(separator: "\n").first { $0.hasPrefix("pulse#1") } ?? ""
                    #expect(activeRow.contains("active"), "\(after.output)")
                }
                node.terminate()
                let end = try await node.waitForEnd(within: 60)
                #expect(end == .exited(0), "\(node.errorTail())")
            }
        }
    }
}
