import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

@Suite("Outbox relay pruning")
struct OutboxRelayPruneTests {
    @Test("prune removes only delivered rows older than the retention")
    func prunesOldDeliveredRows() async throws {
        let topics = try MQTTTopics()
        let temporary = try await TemporaryStore.make()
        let state = temporary.state
        for executionID: Int64 in [1, 2, 3] {
            let factory = EventFactory(jobName: "prune", executionID: executionID, topics: topics)
            try await state.appendEvents([try factory.outbox(factory.created())], jobExecutionID: executionID)
        }
        let rows = try await state.pendingEvents()
        let byExecution = Dictionary(uniqueKeysWithValues: rows.map { ($0.jobExecutionID ?? 0, $0.id) })
        try await state.markDelivered(eventIDs: [byExecution[1]!], at: Date().addingTimeInterval(-8 * 86_400))
        try await state.markDelivered(eventIDs: [byExecution[2]!], at: Date().addingTimeInterval(-6 * 86_400))

        // Not connected: pruning needs only the store.
        let client = try MQTTClient(
            configuration: MQTTConfiguration(host: "127.0.0.1", clientID: "relay-prune-\(UUID().uuidString.prefix(8))")
        )
        let relay = OutboxRelay(
            store: state,
            client: client,
            configuration: OutboxRelayConfiguration(topics: topics),
            logger: relayTestLogger
        )
        #expect(try await relay.prune() == 1)
        #expect(try await state.firstEvent(jobExecutionID: 1) == nil, "old delivered row removed")
        #expect(try await state.firstEvent(jobExecutionID: 2)?.deliveredAt != nil, "recent delivered row kept")
        #expect(try await state.pendingEvents().map(\.jobExecutionID) == [3], "undelivered row kept")
        #expect(relay.metrics.pruned == 1)
        #expect(try await relay.prune() == 0)
        await temporary.close()
    }
}
