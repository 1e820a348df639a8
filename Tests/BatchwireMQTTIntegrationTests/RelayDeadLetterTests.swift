import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

/// Publishes the shared Mosquitto refuses (its ACL, `scripts/mosquitto.sh`): moved aside after the configured
/// attempts, so the job's later events flow.
@Suite("Outbox relay dead letters", .needs(.mqtt))
struct RelayDeadLetterTests {
    static func configuration(attempts: Int) throws -> OutboxRelayConfiguration {
        var configuration = try fastRelayConfiguration()
        configuration.deadLetterAfterAttempts = attempts
        configuration.backoffMaximum = .milliseconds(200)
        return configuration
    }

    @Test(
        "an event whose topic is outside the ACL is refused 3 times, moved to the dead letters, then the job's later events flow in order",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func refusedTopicIsDeadLettered(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let topics = try MQTTTopics()
            let job = "relay-dead-\(UUID().uuidString.prefix(8).lowercased())"
            let factory = EventFactory(jobName: job, executionID: 21, topics: topics)
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "dl-sub"))
            let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
            let all = factory.lifecycle()
            var rows = try all.map(factory.outbox)
            // The batchwire user may only publish under batchwire/#.
            rows[1].topic = "elsewhere/\(job)"
            for row in rows { try await temporary.state.appendEvents([row], jobExecutionID: 21) }

            let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "dl-relay"))
            let relay = OutboxRelay(
                store: temporary.state, client: client, configuration: try Self.configuration(attempts: 3),
                logger: relayTestLogger)
            let running = Task { await relay.run() }

            try await eventually("nothing pending, the dead letter counted", within: 15, every: .milliseconds(20)) {
                try await temporary.state.pendingEvents().isEmpty && relay.metrics.deadLettered == 1
                    && relay.metrics.published == 3
            }
            // Each pass sends the job's stream pipelined, in order: the refused row's own topic is refused, its
            // job's events topic (derived from the payload) accepts the copy, and the events after it are sent
            // again until it is moved aside (at least once: duplicates, dropped by event id).
            let received = try await inbox.drain(for: 0.5)
            let ids = try received.map { try identity(of: $0.payload).eventId }
            var seen = Set<UUID>()
            #expect(ids.filter { seen.insert($0).inserted } == all.map(\.eventId), "first arrivals in order")
            #expect(ids.filter { $0 == all[0].eventId }.count == 1)
            #expect(ids.filter { $0 == all[1].eventId }.count == 3, "one copy per refused attempt")
            #expect(Array(ids.suffix(2)) == [all[2].eventId, all[3].eventId], "sent once more after the dead letter")
            let letters = try await temporary.state.deadLetters()
            #expect(letters.map(\.event.event.payload) == [rows[1].payload])
            #expect(letters.first?.event.sequenceNumber == 2)
            #expect(letters.first?.event.event.topic == "elsewhere/\(job)")
            #expect(letters.first?.attempts == 3)
            #expect(letters.first?.reason.contains("notAuthorized") == true, "\(letters.first?.reason ?? "")")
            #expect(letters.first?.reason.contains("reason code 135") == true)
            #expect(relay.metrics.pending == 0)
            #expect(relay.metrics.retried >= 2)
            #expect(try await inbox.drain(for: 0.3).isEmpty, "the refused event was not delivered later")

            running.cancel()
            await running.value
            await inbox.stop()
            await subscriber.disconnect()
            try await client.publish(topic: topics.status(job: job), payload: [UInt8](), retain: true)
            await client.disconnect()
        }
    }

    @Test(
        "a relay connected as the read-only viewer has every event refused: all dead-lettered, none delivered",
        .timeLimit(.minutes(1)))
    func viewerCannotPublish() async throws {
        try await withTemporaryStore(.sqlite) { temporary in
            let topics = try MQTTTopics()
            let job = "relay-viewer-\(UUID().uuidString.prefix(8).lowercased())"
            let factory = EventFactory(jobName: job, executionID: 4, topics: topics)
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "viewer-sub"))
            let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
            try await temporary.state.appendEvents(try factory.lifecycle().map(factory.outbox), jobExecutionID: 4)

            var viewer = try RelayTestBroker.configuration(purpose: "viewer-relay")
            viewer.username = try TestEnvironment.value("BATCHWIRE_TEST_MQTT_VIEWER_USER")
            viewer.password = try TestEnvironment.value("BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD")
            let client = try await RelayTestBroker.connect(viewer)
            let relay = OutboxRelay(
                store: temporary.state, client: client, configuration: try Self.configuration(attempts: 2),
                logger: relayTestLogger)
            let running = Task { await relay.run() }

            try await eventually("every event dead-lettered and counted", within: 15, every: .milliseconds(20)) {
                try await temporary.state.deadLetters().count == 4 && relay.metrics.deadLettered == 4
            }
            #expect(try await temporary.state.pendingEvents().isEmpty)
            #expect(try await temporary.state.deadLetters().map(\.event.sequenceNumber) == [1, 2, 3, 4])
            #expect(relay.metrics.published == 0)
            #expect(try await inbox.drain(for: 0.5).isEmpty)

            running.cancel()
            await running.value
            await inbox.stop()
            await subscriber.disconnect()
            await client.disconnect()
        }
    }
}
