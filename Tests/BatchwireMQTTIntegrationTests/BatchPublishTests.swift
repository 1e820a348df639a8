import BatchwireTestSupport
import Foundation
import MosquittoClient
import Testing

/// `MQTTClient.publish(_:)` (a batch, one wait) against the shared Mosquitto (`scripts/services.sh start`).
@Suite("MQTT batch publish", .needs(.mqtt))
struct BatchPublishTests {
    @Test("a batch of 600 QoS 1 messages on three topics: every one acknowledged, received once, in order per topic",
        .timeLimit(.minutes(1)))
    func batchArrivesInOrder() async throws {
        let base = "batchwire/events/batch-order-\(UUID().uuidString.prefix(8).lowercased())"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "batch-sub"))
        let inbox = MessageInbox(try await subscriber.subscribe("\(base)/#", qos: .atLeastOnce))
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "batch-pub"))

        let batch = (0..<600).map { index in
            MQTTPublication(topic: "\(base)/\(index % 3)", payload: Array("\(index)".utf8))
        }
        let results = await client.publish(batch)
        #expect(results.count == 600)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })

        let received = try await inbox.take(600, within: 20, "600 messages")
        var byTopic: [String: [Int]] = [:]
        for message in received {
            byTopic[message.topic, default: []].append(Int(String(decoding: message.payload, as: UTF8.self)) ?? -1)
        }
        for topic in 0..<3 {
            #expect(byTopic["\(base)/\(topic)"] == Array(stride(from: topic, to: 600, by: 3)), "topic \(topic)")
        }
        #expect(try await inbox.drain(for: 0.3).isEmpty, "no message twice")
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
    }

    @Test("per-message results: a wildcard topic fails at once, a topic outside the ACL is refused, the rest arrive",
        .timeLimit(.minutes(1)))
    func perMessageResults() async throws {
        let base = "batchwire/events/batch-\(UUID().uuidString.prefix(8).lowercased())"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "mixed-sub"))
        let inbox = MessageInbox(try await subscriber.subscribe(base, qos: .atLeastOnce))
        // The viewer may subscribe but publish nowhere: each of its publishes is refused by the broker.
        var viewer = try RelayTestBroker.configuration(purpose: "mixed-viewer")
        viewer.username = try TestEnvironment.value("BATCHWIRE_TEST_MQTT_VIEWER_USER")
        viewer.password = try TestEnvironment.value("BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD")
        let refusing = try await RelayTestBroker.connect(viewer)
        let refused = await refusing.publish([MQTTPublication(topic: base, payload: [1]), MQTTPublication(topic: base, payload: [2])])
        for result in refused {
            #expect(throws: MQTTError.self) { try result.get() }
            if case .failure(let error as MQTTError) = result { #expect(error.code == .notAuthorized, "\(error)") }
        }

        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "mixed-pub"))
        let results = await client.publish([
            MQTTPublication(topic: base, payload: Array("first".utf8)),
            MQTTPublication(topic: "\(base)/#", payload: Array("wildcard".utf8)),
            MQTTPublication(topic: base, payload: Array("qos0".utf8), qos: .atMostOnce),
            MQTTPublication(topic: base, payload: Array("last".utf8), retain: false),
        ])
        #expect(results.count == 4)
        #expect((try? results[0].get()) != nil)
        if case .failure(let error as MQTTError) = results[1] {
            #expect(error.code == .invalidArgument, "\(error)")
        } else {
            Issue.record("a wildcard topic was accepted: \(results[1])")
        }
        #expect((try? results[2].get()) != nil)
        #expect((try? results[3].get()) != nil)
        let received = try await inbox.take(3, within: 10, "the three valid messages")
        #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == ["first", "qos0", "last"])
        #expect(try await inbox.drain(for: 0.3).isEmpty, "nothing from the viewer")

        await inbox.stop()
        await subscriber.disconnect()
        await refusing.disconnect()
        await client.disconnect()
    }

    @Test("before connect every message fails with notConnected, after disconnect with closed; an empty batch is empty")
    func notConnectedAndClosed() async throws {
        let client = try MQTTClient(configuration: try RelayTestBroker.configuration(purpose: "batch-idle"))
        let message = MQTTPublication(topic: "batch/idle", payload: [1])
        let early = await client.publish([message, message])
        #expect(early.count == 2)
        for result in early {
            if case .failure(let error as MQTTError) = result { #expect(error.code == .notConnected) } else {
                Issue.record("published before connect: \(result)")
            }
        }
        #expect(await client.publish([]).isEmpty)
        try await client.connect()
        await client.disconnect()
        let late = await client.publish([message])
        if case .failure(let error as MQTTError) = late.first { #expect(error.code == .closed) } else {
            Issue.record("published after disconnect: \(String(describing: late.first))")
        }
    }

    @Test("a cancelled batch returns at once: what was not acknowledged fails with CancellationError", .timeLimit(.minutes(1)))
    func cancelledWhileBrokerDown() async throws {
        let broker = PrivateBroker()
        try await broker.start()
        let client = try await RelayTestBroker.connect(try broker.configuration(purpose: "batch-cancel", reconnectDelaySeconds: 1))
        try await broker.stop()
        try await eventually("the client to notice the broker is gone", within: 10, every: .milliseconds(20)) { !client.isConnected }
        // Broker down: QoS 1 messages wait in the queue, so only cancellation ends the call.
        let publishing = Task { await client.publish((0..<5).map { MQTTPublication(topic: "batch/cancel", payload: [UInt8($0)]) }) }
        try await Task.sleep(for: .milliseconds(200))
        publishing.cancel()
        let results = await publishing.value
        #expect(results.count == 5)
        #expect(results.allSatisfy { if case .failure(let error) = $0 { error is CancellationError } else { false } })
        await client.disconnect()
    }
}
