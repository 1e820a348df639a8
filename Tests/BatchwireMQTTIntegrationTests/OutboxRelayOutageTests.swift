import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import MosquittoClient
import Testing

/// The relay against a broker the test stops and starts again (`scripts/mosquitto.sh --persistent`),
/// leaving the shared one alone. The subscriber keeps its session across the restart, so it receives
/// everything the relay publishes afterwards whichever of the two reconnects first.
@Suite("Outbox relay across a broker outage", .needs(.mqtt))
struct OutboxRelayOutageTests {
    @Test(
        "broker down: nothing delivered, marked or dead-lettered; broker back: everything arrives in order and is marked",
        .timeLimit(.minutes(2))
    )
    func waitsForTheBroker() async throws {
        try await withPrivateBroker(exercise)
    }

    @Test(
        "the broker stops during a real run and comes back: every event of the run arrives, in order, none dead-lettered",
        .timeLimit(.minutes(2)), arguments: StoreBackend.allCases)
    func runAcrossAnOutage(backend: StoreBackend) async throws {
        try await withPrivateBroker { broker in
            try await withTemporaryStore(backend) { temporary in try await exerciseRun(broker, temporary) }
        }
    }

    /// Starts a private broker for `body` and always stops it.
    private func withPrivateBroker(_ body: (PrivateBroker) async throws -> Void) async throws {
        // The service env must be loaded, like for every MQTT test.
        _ = try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST")
        let broker = PrivateBroker(persistent: true)
        try await broker.start()
        do {
            try await body(broker)
        } catch {
            _ = try? await broker.stop()
            throw error
        }
        try await broker.stop()
        try? FileManager.default.removeItem(at: broker.directory)
    }

    /// A relay configuration that would dead-letter an event at its first refusal: an outage must never count.
    private func strictConfiguration() throws -> OutboxRelayConfiguration {
        var configuration = try fastRelayConfiguration()
        configuration.deadLetterAfterAttempts = 1
        return configuration
    }

    private func exerciseRun(_ broker: PrivateBroker, _ temporary: TemporaryStore) async throws {
        let harness = try RunHarness.make(temporary)
        defer { harness.cleanUp() }
        let job = "outage-run-\(UUID().uuidString.prefix(8).lowercased())"
        let marker = harness.file("go-on")
        try harness.register(
            yaml: """
                name: \(job)
                steps:
                  - name: wait
                    command: ["/bin/sh", "-c", "while [ ! -f '\(marker)' ]; do sleep 0.05; done"]
                  - name: after
                    command: ["/bin/sh", "-c", "exit 0"]
                """)
        let topics = harness.topics
        let client = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "relay", reconnectDelaySeconds: 3))
        let subscriber = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "sub", reconnectDelaySeconds: 1, keepingSession: true))
        let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let relay = OutboxRelay(
            store: temporary.state, client: client, configuration: try strictConfiguration(), logger: relayTestLogger)
        let running = Task { await relay.run() }

        let execution = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
        let before = try await inbox.take(5, within: 10, "the events before the outage")
        #expect(
            try before.map { label(try decode($0.payload)) } == [
                "created", "STARTING", "STARTED", "wait STARTING", "wait STARTED",
            ])
        try await eventually("those marked delivered", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }

        try await broker.stop()
        try "".write(toFile: marker, atomically: true, encoding: .utf8)
        #expect(try await finished(harness.jobOperator, execution.id, within: 30).status == .completed)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await temporary.state.pendingEvents().count == 5, "the run's later events wait in the outbox")

        try await broker.start()
        let after = try await inbox.take(5, within: 20, "the events written during the outage")
        let events = try after.map { try decode($0.payload) }
        #expect(
            events.map(label) == ["wait COMPLETED", "after STARTING", "after STARTED", "after COMPLETED", "COMPLETED"])
        #expect(events.map(\.sequence) == Array(6...10))
        try await eventually("all marked delivered", within: 10, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
        let rows = try await harness.rows(of: execution.id)
        #expect(rows.map(\.event.payload).suffix(5) == after.map { String(decoding: $0.payload, as: UTF8.self) })
        #expect(relay.metrics.deadLettered == 0)
        #expect(try await temporary.state.deadLetters().isEmpty)

        running.cancel()
        await running.value
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
    }

    private func exercise(_ broker: PrivateBroker) async throws {
        let topics = try MQTTTopics()
        let job = "relay-outage-\(UUID().uuidString.prefix(8))"
        let factory = EventFactory(jobName: job, executionID: 9, topics: topics)
        let temporary = try await TemporaryStore.make()
        let client = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "relay", reconnectDelaySeconds: 3)
        )
        let subscriber = try await RelayTestBroker.connect(
            try broker.configuration(purpose: "sub", reconnectDelaySeconds: 1, keepingSession: true)
        )
        let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let relay = OutboxRelay(
            store: temporary.state,
            client: client,
            configuration: try strictConfiguration(),
            logger: relayTestLogger
        )
        let running = Task { await relay.run() }

        let created = factory.created()
        try await temporary.state.appendEvents([try factory.outbox(created)], jobExecutionID: 9)
        relay.notify()
        let before = try await inbox.take(1, within: 5, "the event sent before the outage")
        #expect(try identity(of: before[0].payload).eventId == created.eventId)
        try await eventually("the first event marked", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }

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

        try await broker.start()

        let after = try await inbox.take(during.count, within: 20, "the events written during the outage")
        #expect(try after.map { try identity(of: $0.payload).eventId } == during.map(\.eventId))
        #expect(after.map { String(decoding: $0.payload, as: UTF8.self) } == (try during.map { try $0.jsonString() }))
        let total = 1 + during.count
        try await eventually("all marked delivered and counted", within: 5, every: .milliseconds(20)) {
            try await temporary.state.pendingEvents().isEmpty && relay.metrics.published == total
        }
        #expect(relay.metrics.deadLettered == 0, "a broker outage never dead-letters")
        #expect(try await temporary.state.deadLetters().isEmpty)

        running.cancel()
        await running.value
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }
}
