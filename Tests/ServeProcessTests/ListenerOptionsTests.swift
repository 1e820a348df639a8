import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 15, item 17: docs/listeners.md listed listener options (`logging.output`, the OpenLineage
    /// `timeout`, …) that no setting of `batchwire serve` could reach.
    @Suite("listener options reach serve's listeners")
    struct ListenerOptionsTests {
        static let job = """
            name: beat
            steps:
              - name: s
                command: ["/bin/true"]
            schedules:
              - every: 1s
            """

        @Test("listener-options logging.output=stderr moves the logging listener's lines from stdout to stderr")
        func loggingOutputOption() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("beat.yaml", Self.job)
                site.setEnvironment(["BATCHWIRE_LISTENER_OPTIONS": "logging.output=stderr"])
                let node = try site.serve(node: "solo")
                try await node.waitForError(containing: "batchwire event job-status-changed job=beat", within: 60)
                #expect(!node.standardOutput.contains("batchwire event"), "\(node.standardOutput.suffix(500))")
            }
        }

        @Test("a bad listener option stops serve at start, naming the option; exit 70")
        func badOptionIsRefused() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob("beat.yaml", Self.job)
                for (options, expected) in [
                    ("logging.output=printer", "option 'output' is 'printer'"),
                    ("openlineage-http.timeout=5", "no listener openlineage-http is created"),
                    ("logging", "expected <listener>.<option>=<value>"),
                ] {
                    site.setEnvironment(["BATCHWIRE_LISTENER_OPTIONS": options])
                    let node = try site.serve(node: "solo")
                    let end = try await node.waitForEnd(within: 60)
                    let status: ProcessEnd = expected.hasPrefix("expected") ? .exited(64) : .exited(70)
                    #expect(end == status, "\(options): \(node.errorTail())")
                    #expect(node.standardError.contains(expected), "\(options): \(node.errorTail())")
                }
            }
        }
    }
}
