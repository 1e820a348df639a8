import BatchwireStore
import BatchwireTestSupport
import Foundation
import Testing

extension ServeProcessTests {
    /// Issue 15, item 10: on the default setup (SQLite, no broker) every run wrote its events to the
    /// outbox and nothing ever deleted them.
    @Suite("serve without a broker keeps the outbox to the event retention")
    struct OutboxRetentionServeTests {
        @Test("events older than the retention that no relay sent are deleted at start; the new run's stay")
        func oldUndeliveredEventsGo() async throws {
            try await ServeSite.with(.sqlite) { site in
                try site.writeJob(
                    "tick.yaml",
                    """
                    name: tick
                    steps:
                      - name: s
                        command: ["/bin/true"]
                    schedules:
                      - every: 1s
                    """)
                let old = Date().addingTimeInterval(-3 * 24 * 3600)
                try await site.withStore { store in
                    try await store.state.appendEvents(
                        (1...5).map { OutboxEvent(topic: "batchwire/events/tick", payload: "{\"old\":\($0)}", createdAt: old) },
                        jobExecutionID: 9_999)
                }
                let node = try site.serve(node: "solo", arguments: ["--event-retention", "48"])
                try await node.waitForError(containing: "batchwire serve started")
                try await site.withStore { store in
                    try await eventually("the old events to go and a run's events to arrive", within: 60, every: .milliseconds(100)) {
                        let pending = try await store.state.pendingEvents()
                        return !pending.isEmpty && !pending.contains { $0.jobExecutionID == 9_999 }
                    }
                }
                #expect(node.errorTail().contains("deleted outbox events no relay delivered"), "\(node.errorTail())")
            }
        }
    }
}
