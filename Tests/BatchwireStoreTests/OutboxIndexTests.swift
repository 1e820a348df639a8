import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// The relay reads the oldest undelivered events on every pass; without an index that read scans every
/// delivered row kept for the retention.
@Suite("The outbox's pending-events index")
struct OutboxIndexTests {
    static func indexNames(_ t: TestStore) async throws -> [String] {
        switch t.backend {
        case .sqlite:
            return try await t.raw.rows(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_%'",
                [t.names.eventOutbox]
            ).compactMap { $0[0] }
        case .mysql:
            return try await t.raw.rows(
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND TABLE_NAME = ? AND NON_UNIQUE = 1",
                [t.names.eventOutbox]
            ).compactMap { $0[0] }
        }
    }

    @Test(
        "init creates it, adds it to an outbox made without it, and the pending-events query uses it",
        arguments: TestBackend.allCases)
    func indexIsCreatedAndUsed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let name = t.names.prefix + "BW_OUTBOX_PENDING_IX"
            #expect(t.store.schema.indexes.map(\.name).contains(name))
            #expect(try await Self.indexNames(t) == [name])

            // An outbox from before the index: init adds it, keeps the rows, and check never minded it.
            try await t.store.state.appendEvents(
                [OutboxEvent(topic: "bw/events/job", payload: "{}")], jobExecutionID: 1)
            try await t.raw.execute(
                backend == .sqlite ? "DROP INDEX \(name)" : "DROP INDEX \(name) ON \(t.names.eventOutbox)")
            #expect(try await Self.indexNames(t).isEmpty)
            #expect(try await t.store.checkSchema().isMatching)
            #expect(try await t.store.initializeSchema().isMatching)
            #expect(try await Self.indexNames(t) == [name])
            #expect(try await t.store.state.pendingEvents().count == 1)
            #expect(try await t.store.initializeSchema().isMatching, "a second init leaves it alone")

            let query =
                "SELECT EVENT_ID, PAYLOAD FROM \(t.names.eventOutbox) WHERE DELIVERED_AT IS NULL "
                + "ORDER BY EVENT_ID LIMIT 500"
            switch backend {
            case .sqlite:
                let plan = try await t.raw.rows("EXPLAIN QUERY PLAN " + query).map {
                    $0.compactMap { $0 }.joined(separator: " ")
                }
                #expect(plan.contains { $0.contains("USING INDEX \(name)") }, "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "no sort: \(plan)")
            case .mysql:
                let plan = try await t.raw.rows("EXPLAIN " + query)
                let text = plan.map { $0.compactMap { $0 }.joined(separator: " ") }
                #expect(text.contains { $0.contains(name) }, "\(text)")
                #expect(!text.contains { $0.contains("filesort") }, "no sort: \(text)")
            }
        }
    }
}
