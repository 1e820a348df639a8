import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 15, item 8: a job file whose text carried a newline wrote a forged line into serve's log.
    @Suite("serve's log: one line per entry, whatever a job file says")
    struct LogForgingTests {
        @Test("an unknown key with a newline in a job file is reported on one line, escaped")
        func aJobFileCannotForgeALogLine() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob(
                    "evil.yaml",
                    """
                    name: evil
                    steps:
                      - name: s
                        command: ["/bin/true"]
                    "oops\\n2026-12-07T00:00:00+0000 critical batchwire: FORGED entry": 1
                    """)
                let node = try site.serve(node: "solo")
                try await node.waitForError(containing: "batchwire serve started")
                try await node.waitForError(containing: "evil.yaml")
                let lines = node.standardError.split(separator: "\n")
                #expect(!lines.contains { $0.hasPrefix("2026-12-07T00:00:00+0000 critical") }, "\(node.errorTail())")
                #expect(lines.contains { $0.contains("oops\\n2026-12-07T00:00:00+0000 critical batchwire: FORGED entry") },
                        "\(node.errorTail())")
            }
        }
    }
}
