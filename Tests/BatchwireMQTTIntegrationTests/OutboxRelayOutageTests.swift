import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import MQTTClient
import Testing

/// The relay against a broker the test stops and starts again (`scripts/mosquitto.sh`), leaving the
/// shared one alone.
@Suite("Outbox relay across a broker outage")
struct OutboxRelayOutageTests {
    @Test(
        "broker down: nothing delivered or marked; broker back: everything arrives in order and is marked",
        .timeLimit(.minutes(2))
    )
    func waitsForTheBroker() async throws {
        // The service env must be loaded, like for every MQTT test.
        _ = try RelayTestBroker.value("BATCHWIRE_TEST_MQTT_HOST")
        let broker = PrivateBroker()
        try await broker.start()
        do {
            try await exercise(broker)
        } catch {
            _ = try? await broker.stop()
            throw error
        }
        try await broker.stop()
        try? FileManager.default.removeItem(at: broker.directory)
    }

    private func exercise(_ broker: PrivateBroker) async throws {
        let topics = try MQTTTopics()
        let job = "relay-outage-\(UUID().uuidString.prefix(8))"
        let factory = EventFactory(jobName: job, executionID: 9, topics: topics)
        let temporary = try await TemporaryStore.make()
        // The relay's client retries every 3 s, so that after the restart the new subscriber is in place first.
        let client = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "relay", reconnectDelaySeconds: 3)
        )
        var subscriber = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "sub", reconnectDelaySeconds: 1)
        )
        var inbox = Inbox(try await subscriber.subscribe(topics.events(job: job)))
        let relay = OutboxRelay(
            store: temporary.state,
            client: client,
            configuration: try fastRelayConfiguration(),
            logger: relayTestLogger
        )
        let running = Task { await relay.run() }

        let created = factory.created()
        try await temporary.state.appendEvents([try factory.outbox(created)], jobExecutionID: 9)
        relay.notify()
        let before = try await inbox.take(1, within: 5, "the event sent before the outage")
        #expect(try identity(of: before[0].payload).eventId == created.eventId)
        try await eventually(5, "the first event marked") { try await temporary.state.pendingEvents().isEmpty }

        try await broker.stop()
        var during: [BatchwireEvent] = []
        for sequence in Int64(2)...11 {
            during.append(factory.status(.started, previous: .starting, sequence: sequence))
        }
        for event in during {
            try await temporary.state.appendEvents([try factory.outbox(event)], jobExecutionID: 9)
            relay.notify()
        }
        try await Task.sleep(for: .milliseconds(1500))
        #expect(
            try await temporary.state.pendingEvents().count == during.count,
            "nothing marked while the broker is down"
        )
        #expect(relay.metrics.published == 1)

        await inbox.stop()
        await subscriber.disconnect()
        try await broker.start()
        subscriber = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "sub2", reconnectDelaySeconds: 1)
        )
        inbox = Inbox(try await subscriber.subscribe(topics.events(job: job)))

        let after = try await inbox.take(during.count, within: 20, "the events written during the outage")
        #expect(try after.map { try identity(of: $0.payload).eventId } == during.map(\.eventId))
        #expect(after.map { String(decoding: $0.payload, as: UTF8.self) } == (try during.map { try $0.jsonString() }))
        try await eventually(5, "all marked delivered") { try await temporary.state.pendingEvents().isEmpty }
        #expect(relay.metrics.published == 1 + during.count)

        running.cancel()
        await running.value
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }
}
