import BatchwireTestBasics
import Foundation
import Testing

@testable import MosquittoClient

/// The MQTT client against the private broker of `scripts/services.sh start`.
@Suite("MQTT client against the private Mosquitto", .needs(.mqtt))
struct MQTTClientTests {
    @Test("QoS 1 and QoS 2 publishes are acknowledged, with and without subscribers")
    func publishAcknowledged() async throws {
        let client = try await MQTTTestBroker.connect(purpose: "ack")
        defer { Task { await client.disconnect() } }
        #expect(client.connectionState == .connected)
        let topic = MQTTTestBroker.uniqueTopic("ack")

        // No subscriber: MQTT 5 brokers may answer "no matching subscribers" (16), which is success.
        try await withDeadline(5, "PUBACK") { try await client.publish(topic: topic, text: "one", qos: .atLeastOnce) }
        try await withDeadline(5, "PUBCOMP") { try await client.publish(topic: topic, text: "two", qos: .exactlyOnce) }

        // With a subscriber, each acknowledged message is delivered at the QoS it was sent with.
        let inbox = MessageInbox(try await client.subscribe(topic, qos: .exactlyOnce))
        try await withDeadline(5, "PUBACK") { try await client.publish(topic: topic, text: "three", qos: .atLeastOnce) }
        try await withDeadline(5, "PUBCOMP") { try await client.publish(topic: topic, text: "four", qos: .exactlyOnce) }
        let three = try await inbox.next()
        let four = try await inbox.next()
        #expect(three.payloadString == "three" && three.qos == .atLeastOnce)
        #expect(four.payloadString == "four" && four.qos == .exactlyOnce)

        // Many publishes in flight at once all complete.
        try await withDeadline(10, "200 concurrent PUBACKs") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask { try await client.publish(topic: topic + "/bulk", text: "\(index)") }
                }
                try await group.waitForAll()
            }
        }
        await inbox.stop()
    }

    @Test("a subscriber receives the exact payload bytes, topic, QoS and retain flag")
    func subscribeReceivesExactBytes() async throws {
        let subscriber = try await MQTTTestBroker.connect(purpose: "sub")
        let publisher = try await MQTTTestBroker.connect(purpose: "pub")
        defer { Task { await subscriber.disconnect(); await publisher.disconnect() } }
        let topic = MQTTTestBroker.uniqueTopic("bytes")
        let subscription = try await subscriber.subscribe(topic + "/+", qos: .atLeastOnce)
        #expect(subscription.grantedQoS == .atLeastOnce)
        let inbox = MessageInbox(subscription)

        let allBytes = (0...255).map { UInt8($0) } + [0, 0, 255]
        try await publisher.publish(topic: topic + "/binary", payload: allBytes, qos: .atLeastOnce)
        try await publisher.publish(topic: topic + "/empty", payload: [], qos: .atLeastOnce)
        try await publisher.publish(topic: topic + "/data", payload: Data("é ✓".utf8), qos: .atMostOnce)

        let binary = try await inbox.next()
        #expect(binary.topic == topic + "/binary")
        #expect(binary.payload == allBytes)
        #expect(binary.qos == .atLeastOnce)
        #expect(binary.retain == false)
        let empty = try await inbox.next()
        #expect(empty.topic == topic + "/empty" && empty.payload.isEmpty)
        let data = try await inbox.next()
        #expect(data.payloadString == "é ✓" && data.qos == .atMostOnce)

        // A retained message reaches a later subscriber with the retain flag set.
        try await publisher.publish(topic: topic + "/status", text: "ready", qos: .atLeastOnce, retain: true)
        let late = MessageInbox(try await subscriber.subscribe(topic + "/status"))
        let retained = try await late.next()
        #expect(retained.retain && retained.payloadString == "ready")
        try await publisher.publish(topic: topic + "/status", payload: [], qos: .atLeastOnce, retain: true)  // clear
        await inbox.stop()
        await late.stop()
    }

    @Test("MQTT 5 properties round-trip: response topic, correlation data, user properties, expiry, content type")
    func propertiesRoundTrip() async throws {
        let responder = try await MQTTTestBroker.connect(purpose: "responder")
        let requester = try await MQTTTestBroker.connect(purpose: "requester")
        defer { Task { await responder.disconnect(); await requester.disconnect() } }
        let requestTopic = MQTTTestBroker.uniqueTopic("request")
        let replyTopic = MQTTTestBroker.uniqueTopic("reply")
        let requests = MessageInbox(try await responder.subscribe(requestTopic))
        let replies = MessageInbox(try await requester.subscribe(replyTopic))

        let correlation: [UInt8] = [0, 1, 2, 254, 255] + Array("run-42".utf8)
        let sent = MQTTProperties(
            responseTopic: replyTopic, correlationData: correlation, messageExpiryInterval: 300,
            contentType: "application/json", payloadIsUTF8: true,
            userProperties: [.init("job", "nightly"), .init("tag", "a"), .init("tag", "b"), .init("ünï", "cødé")])
        try await requester.publish(topic: requestTopic, text: #"{"verb":"start"}"#, properties: sent)

        let request = try await requests.next()
        #expect(request.properties.responseTopic == replyTopic)
        #expect(request.properties.correlationData == correlation)
        #expect(request.properties.contentType == "application/json")
        #expect(request.properties.payloadIsUTF8)
        #expect(request.properties.userProperties == sent.userProperties)
        #expect(request.properties.userProperty("job") == "nightly")
        let expiry = try #require(request.properties.messageExpiryInterval)
        #expect(expiry <= 300 && expiry >= 295)

        // The responder answers on the response topic with the correlation data.
        let responseTopic = try #require(request.properties.responseTopic)
        try await responder.publish(
            topic: responseTopic, text: #"{"ok":true}"#,
            properties: MQTTProperties(correlationData: request.properties.correlationData))
        let reply = try await replies.next()
        #expect(reply.properties.correlationData == correlation)
        #expect(reply.properties.responseTopic == nil && reply.properties.messageExpiryInterval == nil)
        #expect(reply.payloadString == #"{"ok":true}"#)
        await requests.stop()
        await replies.stop()
    }

    @Test("a shared subscription delivers each message to exactly one of two subscribers")
    func sharedSubscription() async throws {
        let first = try await MQTTTestBroker.connect(purpose: "share1")
        let second = try await MQTTTestBroker.connect(purpose: "share2")
        let publisher = try await MQTTTestBroker.connect(purpose: "sharepub")
        defer { Task { await first.disconnect(); await second.disconnect(); await publisher.disconnect() } }
        let topic = MQTTTestBroker.uniqueTopic("commands")
        let filter = "$share/nodes-\(UUID().uuidString.prefix(6))/\(topic)/+"
        let inboxes = [MessageInbox(try await first.subscribe(filter)), MessageInbox(try await second.subscribe(filter))]

        let count = 40
        for index in 0..<count {
            try await publisher.publish(topic: "\(topic)/start", text: "\(index)")
        }
        var received: [[String]] = []
        for inbox in inboxes {
            received.append(try await inbox.drain(for: 1.0).map(\.payloadString))
        }
        let all = received.flatMap { $0 }
        #expect(all.count == count, "each message delivered once in total, got \(received.map(\.count))")
        #expect(Set(all) == Set((0..<count).map { "\($0)" }))
        #expect(received.allSatisfy { !$0.isEmpty }, "both members of the group get a share")
        for inbox in inboxes { await inbox.stop() }
    }

    @Test("a wrong password is refused with a clear error that does not show the password")
    func wrongPasswordRefused() async throws {
        let wrong = "not-the-password-\(UUID().uuidString.prefix(6))"
        let client = try MQTTClient(configuration: MQTTTestBroker.configuration(purpose: "badpw", password: wrong))
        let error = try await #require(throws: MQTTError.self) {
            try await withDeadline(10, "CONNACK refusal") { try await client.connect() }
        }
        #expect(error.code == .badCredentials || error.code == .notAuthorized, "\(error)")
        #expect(error.reasonCode == 134 || error.reasonCode == 135)
        #expect(!error.description.contains(wrong))
        #expect(error.description.contains("password") || error.description.contains("ACL"))
        #expect(!String(describing: client.configuration).contains(wrong))
        #expect(client.connectionState == .idle)
        await client.disconnect()
    }

    @Test("the viewer may subscribe but its publish is refused by the ACL and not delivered")
    func viewerIsReadOnly() async throws {
        let viewer = try await MQTTTestBroker.connect(.viewer, purpose: "viewer")
        let writer = try await MQTTTestBroker.connect(purpose: "writer")
        defer { Task { await viewer.disconnect(); await writer.disconnect() } }
        let topic = MQTTTestBroker.uniqueTopic("acl")
        let viewerInbox = MessageInbox(try await viewer.subscribe(topic))
        let writerInbox = MessageInbox(try await writer.subscribe(topic))

        let error = try await #require(throws: MQTTError.self) {
            try await viewer.publish(topic: topic, text: "forged", qos: .atLeastOnce)
        }
        #expect(error.code == .notAuthorized, "\(error)")
        #expect(error.reasonCode == 135)
        try await viewer.publish(topic: topic, text: "forged-qos0", qos: .atMostOnce)  // silently dropped
        #expect(try await writerInbox.drain(for: 0.5).isEmpty, "a denied publish must not be delivered")

        // The viewer still reads what batchwire writes.
        try await writer.publish(topic: topic, text: "legit")
        #expect(try await viewerInbox.next().payloadString == "legit")
        await viewerInbox.stop()
        await writerInbox.stop()
    }

    @Test("the Last Will is published when a client's connection drops without DISCONNECT, not after disconnect()")
    func lastWill() async throws {
        let observer = try await MQTTTestBroker.connect(purpose: "willwatch")
        defer { Task { await observer.disconnect() } }
        let willTopic = MQTTTestBroker.uniqueTopic("nodes")
        let inbox = MessageInbox(try await observer.subscribe(willTopic))

        var configuration = try MQTTTestBroker.configuration(purpose: "mortal")
        configuration.will = MQTTWill(
            topic: willTopic, payload: Array("offline".utf8), qos: .atLeastOnce,
            properties: MQTTProperties(userProperties: [.init("node", "mortal")]))
        let mortal = try MQTTClient(configuration: configuration)
        try await mortal.connect()
        // The socket is shut down under libmosquitto, as a network failure would: no DISCONNECT.
        mortal.dropConnectionForTesting()
        let will = try await inbox.next(within: 10, "the Last Will")
        #expect(will.payloadString == "offline")
        #expect(will.properties.userProperty("node") == "mortal")

        // The client reconnects by itself; a clean disconnect() then sends no Will.
        try await withDeadline(10, "reconnect after the dropped socket") {
            for await state in mortal.connectionStates() where state == .connected { return }
        }
        await mortal.disconnect()
        #expect(try await inbox.drain(for: 0.5).isEmpty, "no Will after a clean disconnect")
        await inbox.stop()
    }

    @Test("operations fail clearly before connect and after disconnect; bad filters are rejected")
    func misuse() async throws {
        let client = try MQTTClient(configuration: MQTTTestBroker.configuration(purpose: "misuse"))
        await #expect(throws: MQTTError.self) { try await client.publish(topic: "batchwire/x", text: "x") }
        try await client.connect()
        await #expect { try await client.connect() } throws: { ($0 as? MQTTError)?.code == .invalidArgument }
        await #expect { _ = try await client.subscribe("batchwire/#/bad") } throws: {
            ($0 as? MQTTError)?.code == .invalidArgument
        }
        await #expect { _ = try await client.subscribe("$share//batchwire/x") } throws: {
            ($0 as? MQTTError)?.code == .invalidArgument
        }
        let subscription = try await client.subscribe(MQTTTestBroker.uniqueTopic("misuse"))
        await client.disconnect()
        #expect(client.connectionState == .closed)
        var iterator = subscription.makeAsyncIterator()
        #expect(try await iterator.next() == nil, "subscriptions end at disconnect()")
        await #expect { try await client.publish(topic: "batchwire/x", text: "x") } throws: {
            ($0 as? MQTTError)?.code == .closed
        }
    }

    @Test("connect() to a port without a broker keeps trying, then fails with timeout naming the last error")
    func connectTimeout() async throws {
        var configuration = try MQTTTestBroker.configuration(purpose: "nobroker", port: 1)
        configuration.connectTimeout = .seconds(2)
        let client = try MQTTClient(configuration: configuration)
        let start = ContinuousClock.now
        let error = try await #require(throws: MQTTError.self) {
            try await withDeadline(30, "connect timeout") { try await client.connect() }
        }
        let elapsed = ContinuousClock.now - start
        #expect(error.code == .timeout, "\(error)")
        #expect(error.description.contains("127.0.0.1:1"))
        // It kept trying for the whole timeout, then gave up (the deadline above catches a hang; no speed check).
        #expect(elapsed >= .milliseconds(1_900), "\(elapsed)")
        #expect(client.connectionState == .idle)
        await client.disconnect()
    }

    @Test("dropping a client without disconnect() closes it and ends its subscriptions")
    func droppedClientEndsSubscriptions() async throws {
        var client: MQTTClient? = try await MQTTTestBroker.connect(purpose: "dropped")
        let subscription = try await client!.subscribe(MQTTTestBroker.uniqueTopic("dropped"))
        client = nil
        let ended = try await withDeadline(5, "the subscription to end") {
            var iterator = subscription.makeAsyncIterator()
            return try await iterator.next() == nil
        }
        #expect(ended)
    }
}
