import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

/// The relay against the shared Mosquitto (`scripts/services.sh start`) and an SQLite or MariaDB outbox.
@Suite("Outbox relay delivery", .needs(.mqtt))
struct OutboxRelayDeliveryTests {
    @Test(
        "events arrive in order per execution with their exact payloads, then are marked delivered; status retained; lineage published",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases, OutboxRowFormat.allCases
    )
    func deliversInOrder(backend: StoreBackend, format: OutboxRowFormat) async throws {
        let topics = try MQTTTopics()
        let job = "relay-order-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "sub"))
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "relay"))
        let events = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let lineage = MessageInbox(try await subscriber.subscribe(topics.lineage(job: job)))
        let temporary = try await TemporaryStore.make(backend)

        var expected: [Int64: [String]] = [:]
        for executionID: Int64 in [101, 102, 103] {
            let factory = EventFactory(jobName: job, executionID: executionID, topics: topics)
            let rows = try factory.lifecycle().map(format == .routed ? factory.outbox : factory.legacyOutbox)
            expected[executionID] = rows.map(\.payload)
            // Appended one by one, so the executions interleave in the outbox.
            for row in rows { try await temporary.state.appendEvents([row], jobExecutionID: executionID) }
        }
        let relay = OutboxRelay(
            store: temporary.state,
            client: client,
            configuration: try fastRelayConfiguration(),
            logger: relayTestLogger
        )
        let running = Task { await relay.run() }

        let received = try await events.take(12, within: 10, "12 events")
        var byExecution: [Int64: [String]] = [:]
        for message in received {
            #expect(message.qos == .atLeastOnce)
            let (execution, _) = try identity(of: message.payload)
            byExecution[try #require(execution), default: []].append(String(decoding: message.payload, as: UTF8.self))
        }
        #expect(byExecution == expected)
        // The counters follow the marking in the same pass: wait for both.
        try await eventually("all rows marked delivered and counted", within: 5, every: .milliseconds(20)) {
            try await temporary.state.pendingEvents().isEmpty && relay.metrics.published == 12
        }
        #expect(relay.metrics.pending == 0)

        // STARTED → START and COMPLETED → COMPLETE for each execution (STARTING has none).
        let runEvents = try await lineage.take(6, within: 5, "6 lineage events")
        var types: [String: [String]] = [:]
        for message in runEvents {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any])
            let run = try #require(object["run"] as? [String: Any])
            types[try #require(run["runId"] as? String), default: []].append(
                try #require(object["eventType"] as? String)
            )
        }
        #expect(types.count == 3)
        #expect(types.values.allSatisfy { $0 == ["START", "COMPLETE"] })

        // A late subscriber gets the latest status, retained.
        let late = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "late"))
        let status = MessageInbox(try await late.subscribe(topics.status(job: job)))
        let retained = try await status.take(1, within: 5, "the retained status")
        #expect(retained[0].retain)
        #expect(String(decoding: retained[0].payload, as: UTF8.self) == expected[103]?.last)
        // Clear the retained message so the broker does not keep test data.
        try await client.publish(topic: topics.status(job: job), payload: [UInt8](), retain: true)

        running.cancel()
        await running.value
        await events.stop()
        await lineage.stop()
        await status.stop()
        await late.disconnect()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }

    @Test(
        "a relay stopped mid-way and a new one on the same store: everything arrives at least once",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases
    )
    func resumesAfterRestart(backend: StoreBackend) async throws {
        let topics = try MQTTTopics()
        let job = "relay-resume-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "sub"))
        let events = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let temporary = try await TemporaryStore.make(backend)

        let factory = EventFactory(jobName: job, executionID: 7, topics: topics)
        var all: [BatchwireEvent] = [factory.created()]
        for sequence in Int64(2)...40 {
            all.append(factory.status(.started, previous: .starting, sequence: sequence))
        }
        try await temporary.state.appendEvents(try all.map(factory.outbox), jobExecutionID: 7)

        // The first relay reads 5 at a time and pauses between batches; it is stopped after the first batch.
        let firstClient = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "relay1"))
        let first = OutboxRelay(
            store: temporary.state,
            client: firstClient,
            configuration: try fastRelayConfiguration(batchSize: 5, busyInterval: .seconds(2)),
            logger: relayTestLogger
        )
        let firstRun = Task { await first.run() }
        var received = try await events.take(5, within: 10, "the first batch")
        try await eventually("the first batch marked", within: 5, every: .milliseconds(20)) {
            try await temporary.state.pendingEvents(limit: 1000).count == 35
        }
        firstRun.cancel()
        await firstRun.value
        await firstClient.disconnect()
        let left = try await temporary.state.pendingEvents(limit: 1000).count
        #expect(left == 35, "the first relay stopped after its first batch (\(left) left)")

        let secondClient = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "relay2"))
        let second = OutboxRelay(
            store: temporary.state,
            client: secondClient,
            configuration: try fastRelayConfiguration(),
            logger: relayTestLogger
        )
        let secondRun = Task { await second.run() }
        try await eventually("the rest marked delivered", within: 10, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
        received += try await events.drain(for: 0.5)

        let ids = try received.map { try identity(of: $0.payload).eventId }
        #expect(Set(ids) == Set(all.map(\.eventId)), "no event lost")
        // In order of first arrival.
        var seen = Set<UUID>()
        let firstArrivals = ids.filter { seen.insert($0).inserted }
        #expect(firstArrivals == all.map(\.eventId))

        secondRun.cancel()
        await secondRun.value
        await events.stop()
        await secondClient.disconnect()
        await subscriber.disconnect()
        await temporary.close()
    }

    @Test(
        "a long stream (one execution, 300 events over several passes, published pipelined) arrives complete and in order",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases
    )
    func longStreamInOrder(backend: StoreBackend) async throws {
        let topics = try MQTTTopics()
        let job = "relay-long-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "sub"))
        let events = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let status = MessageInbox(try await subscriber.subscribe(topics.status(job: job)))
        let temporary = try await TemporaryStore.make(backend)
        let factory = EventFactory(jobName: job, executionID: 77, topics: topics)
        var all: [BatchwireEvent] = [factory.created()]
        for sequence in Int64(2)...300 {
            all.append(factory.status(sequence == 300 ? .completed : .started, previous: .started, sequence: sequence))
        }
        try await temporary.state.appendEvents(try all.map(factory.outbox), jobExecutionID: 77)
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "relay"))
        let relay = OutboxRelay(
            store: temporary.state, client: client, configuration: try fastRelayConfiguration(batchSize: 100),
            logger: relayTestLogger)
        let running = Task { await relay.run() }

        let received = try await events.take(all.count, within: 20, "all 300 events")
        #expect(try received.map { try identity(of: $0.payload).eventId } == all.map(\.eventId))
        // The status topic got every status change, in order, so the retained one is the last.
        let statuses = try await status.take(all.count - 1, within: 10, "299 status publications")
        #expect(try statuses.map { try identity(of: $0.payload).eventId } == all.dropFirst().map(\.eventId))
        try await eventually("all marked", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }

        running.cancel()
        await running.value
        await events.stop()
        await status.stop()
        try await client.publish(topic: topics.status(job: job), payload: [UInt8](), retain: true)
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }

    @Test("notify() ends an hour-long idle wait at once", .timeLimit(.minutes(1)))
    func notifyWakesTheRelay() async throws {
        let topics = try MQTTTopics()
        let job = "relay-notify-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "sub"))
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "relay"))
        let events = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let temporary = try await TemporaryStore.make()
        var configuration = try fastRelayConfiguration()
        configuration.idleInterval = .seconds(3600)
        let relay = OutboxRelay(
            store: temporary.state,
            client: client,
            configuration: configuration,
            clock: ContinuousClock(),
            logger: relayTestLogger
        )
        let running = Task { await relay.run() }
        try await Task.sleep(for: .milliseconds(200))  // the relay found nothing and is idle now

        let factory = EventFactory(jobName: job, executionID: 5, topics: topics)
        let created = factory.created()
        try await temporary.state.appendEvents([try factory.outbox(created)], jobExecutionID: 5)
        relay.notify()
        let received = try await events.take(1, within: 3, "the event after notify()")
        #expect(try identity(of: received[0].payload).eventId == created.eventId)

        running.cancel()
        await running.value
        await events.stop()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }
}
