import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import Synchronization
import Testing

@Suite("Outbox relay cancellation", .needs(.mqtt))
struct RelayCancellationTests {
    @Test("a relay cancelled in the middle of a busy outbox ends quietly: no warning, and what it published stays marked",
        .timeLimit(.minutes(1)))
    func cancelledPassIsQuiet() async throws {
        try await withTemporaryStore(.sqlite) { temporary in
            let topics = try MQTTTopics()
            let job = "relay-cancel-\(UUID().uuidString.prefix(8).lowercased())"
            for execution: Int64 in 1...300 {
                let factory = EventFactory(jobName: job, executionID: execution, topics: topics)
                try await temporary.state.appendEvents(try factory.lifecycle().map(factory.outbox), jobExecutionID: execution)
            }
            let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "cancel"))
            let recorder = CapturedLog()
            let logger = recorder.logger(label: "batchwire.relay.cancel", level: .warning)
            var published = 0
            // Cancel several relays one after the other, each after it published something: the cancellation
            // lands in different parts of a pass (reading, publishing, marking, waiting).
            for round in 0..<40 {
                let relay = OutboxRelay(
                    store: temporary.state, client: client, configuration: try fastRelayConfiguration(batchSize: 20),
                    logger: logger)
                let running = Task { await relay.run() }
                if round % 2 == 0 {
                    try await eventually("round \(round) to publish", within: 10, every: .milliseconds(20)) {
                        if relay.metrics.published > 0 { return true }
                        return try await temporary.state.pendingEvents(limit: 1).isEmpty
                    }
                } else {
                    // Right after a wake-up: the cancellation meets the pass's first read.
                    relay.notify()
                    await Task.yield()
                }
                running.cancel()
                await running.value
                published += relay.metrics.published
            }
            #expect(published > 0)
            #expect(
                recorder.messages(atLeast: .warning).isEmpty,
                "warnings: \(recorder.messagesWithMetadata(atLeast: .warning))")
            let pending = try await temporary.state.pendingEvents(limit: 1000).count
            #expect(pending <= 1200 - published, "every event counted as published is marked delivered")
            await client.disconnect()
        }
    }
}
