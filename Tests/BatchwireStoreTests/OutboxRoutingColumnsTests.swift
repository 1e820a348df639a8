import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// The outbox's routing columns (`JOB_NAME`, `EVENT_TYPE`, `STATUS`): written in the insert of the event, read
/// back by every reader of the outbox, added to an outbox made without them, and read from the payload for rows
/// written before them.
@Suite("The outbox's routing columns")
struct OutboxRoutingColumnsTests {
    static func change(_ jobName: String, execution: Int64, _ status: BatchStatus, sequence: Int64) -> BatchwireEvent {
        .jobStatusChanged(
            JobStatusChangedEvent(
                sequence: sequence, node: "node-a", jobName: jobName, jobInstanceId: 1, jobExecutionId: execution,
                previousStatus: nil, status: status, exitCode: "UNKNOWN",
                createTime: Date(timeIntervalSince1970: 1_790_000_000)))
    }

    /// `JOB_NAME`, `EVENT_TYPE`, `STATUS` of every outbox row, by `EVENT_ID`.
    static func columns(_ t: TestStore) async throws -> [[String?]] {
        try await t.raw.rows("SELECT JOB_NAME, EVENT_TYPE, STATUS FROM \(t.names.eventOutbox) ORDER BY EVENT_ID")
    }

    @Test("written with the event, by a plain append and by a run transition, and read back", arguments: TestBackend.allCases)
    func written(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let topic = "bw/events/orders"
            try await state.appendEvents(
                [try OutboxEvent(Self.change("orders \"eu\"", execution: 7, .started, sequence: 1), topic: topic)],
                jobExecutionID: 7)
            var execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1),
                events: [OutboxEvent(topic: topic, payload: "{\"not\":\"an event\"}")])
            execution.status = .started
            let change = Self.change("job", execution: execution.id, .started, sequence: 2)
            try await t.repository.update(&execution, events: [try OutboxEvent(change, topic: topic)])

            #expect(
                try await Self.columns(t) == [
                    ["orders \"eu\"", "job-status-changed", "STARTED"], [nil, nil, nil],
                    ["job", "job-status-changed", "STARTED"],
                ])
            let expected: [OutboxRouting?] = [
                OutboxRouting(jobName: "orders \"eu\"", eventType: .jobStatusChanged, status: .started), nil,
                OutboxRouting(jobName: "job", eventType: .jobStatusChanged, status: .started),
            ]
            #expect(try await state.eventsToPublish(limit: 10).map(\.routing) == expected)
            #expect(try await state.outboxEvents(after: 0, limit: 10).map(\.routing) == expected)
            #expect(try await state.pendingEvents().map(\.event.routing) == expected)
        }
    }

    @Test(
        "init adds them to an outbox made without them; the old rows keep NULL and are routed by their payload",
        arguments: TestBackend.allCases)
    func upgrade(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let table = t.names.eventOutbox
            // The outbox as the version before the routing columns made it, holding one of its rows.
            if backend == .sqlite {
                for column in ["JOB_NAME", "EVENT_TYPE", "STATUS"] {
                    try await t.raw.execute("ALTER TABLE \(table) DROP COLUMN \(column)")
                }
            } else {
                try await t.raw.execute(
                    "ALTER TABLE \(table) DROP COLUMN JOB_NAME, DROP COLUMN EVENT_TYPE, DROP COLUMN STATUS")
            }
            let old = Self.change("legacy", execution: 3, .completed, sequence: 1)
            try await t.raw.execute(
                "INSERT INTO \(table) (JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT) "
                    + "VALUES (3, 1, 'bw/events/legacy', ?, '2026-12-01 00:00:00')",
                [try old.jsonString()])
            let missing = try await t.store.checkSchema().differences.filter { $0.kind == .missingColumn }
            #expect(missing.compactMap(\.column).sorted() == ["EVENT_TYPE", "JOB_NAME", "STATUS"])
            await #expect(throws: StoreError.self) { try await t.store.verifySchema() }

            #expect(try await t.store.initializeSchema().isMatching)
            #expect(try await t.store.initializeSchema().isMatching, "a second init changes nothing")
            try await t.store.state.appendEvents(
                [try OutboxEvent(Self.change("legacy", execution: 3, .abandoned, sequence: 2), topic: "bw/events/legacy")],
                jobExecutionID: 3)

            #expect(try await Self.columns(t) == [[nil, nil, nil], ["legacy", "job-status-changed", "ABANDONED"]])
            #expect(
                try await t.store.state.eventsToPublish(limit: 10).map(\.routing) == [
                    OutboxRouting(jobName: "legacy", eventType: .jobStatusChanged, status: .completed),
                    OutboxRouting(jobName: "legacy", eventType: .jobStatusChanged, status: .abandoned),
                ])
        }
    }
}
