import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

/// The `mqtt` listener against the shared Mosquitto (`scripts/services.sh start`) and an SQLite outbox.
@Suite("MQTT publisher listener", .needs(.mqtt))
struct ListenerMQTTPublisherTests {
    @Test(
        "a dispatched event reaches a subscriber through the listener while the relay waits on a clock that never moves",
        .timeLimit(.minutes(1)))
    func wakesTheRelay() async throws {
        let topics = try MQTTTopics()
        let job = "listener-wake-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "wake-sub"))
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "wake-relay"))
        let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let temporary = try await TemporaryStore.make()
        let factory = EventFactory(jobName: job, executionID: 31, topics: topics)
        let lifecycle = factory.lifecycle()

        // The first event is in the outbox before the relay starts, so its first pass publishes it. After
        // that the relay waits for its 60 s poll on a clock whose time never passes: only a wake-up
        // (the listener) can make it publish again.
        try await temporary.state.appendEvents([try factory.outbox(lifecycle[0])], jobExecutionID: 31)
        let relay = OutboxRelay(
            store: temporary.state, client: client,
            configuration: OutboxRelayConfiguration(topics: topics, idleInterval: .seconds(60)),
            clock: StalledClock(), logger: relayTestLogger)
        let relaying = Task { await relay.run() }
        let first = try await inbox.take(1, within: 10, "the event of the relay's first pass")
        let firstPayload = Array(try lifecycle[0].jsonData())
        #expect(first.map(\.payload) == [firstPayload])

        var registry = ListenerRegistry()
        try registry.register(MQTTPublisherListenerFactory(relay: relay))
        let listeners = try registry.makeListeners(configuration: [ListenerRegistry.listenersKey: "logging, mqtt"])
        #expect(listeners.map(\.name) == ["logging", "mqtt"])
        let dispatcher = ListenerDispatcher(listeners: listeners.filter { $0.name == "mqtt" })
        for event in lifecycle.dropFirst() {
            // As the launcher does: the outbox write commits, then the event is dispatched.
            try await temporary.state.appendEvents([try factory.outbox(event)], jobExecutionID: 31)
            dispatcher.dispatch(event)
        }
        let rest = try await inbox.take(3, within: 10, "the 3 dispatched events")
        let dispatched = try lifecycle.dropFirst().map { Array(try $0.jsonData()) }
        #expect(rest.map(\.payload) == dispatched)
        try await eventually("all rows marked delivered", within: 10, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
        // The relay counts after marking, so poll for the count too.
        try await eventually("the relay counted 4 events published", within: 10, every: .milliseconds(20)) { relay.metrics.published == 4 }
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(10)))
        #expect(dispatcher.statistics.first?.delivered == 3)

        relaying.cancel()
        await relaying.value
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }
}
