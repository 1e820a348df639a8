import BatchwireMQTT
import Foundation
import Logging
import Testing

@testable import MosquittoClient

#if canImport(Glibc)
import Glibc
#endif

/// Node presence (`<prefix>/nodes/<node>`) against the shared Mosquitto (`scripts/services.sh start`).
@Suite("Node presence", .needs(.mqtt))
struct PresenceTests {
    let logger = Logger(label: "batchwire.presence.test")

    /// Topics under a prefix of their own (inside the broker's ACL, `batchwire/#`), so retained messages
    /// of other runs do not interfere.
    func uniqueTopics() throws -> MQTTTopics {
        try MQTTTopics(prefix: "batchwire/presence-\(UUID().uuidString.prefix(8))")
    }

    func decode(_ message: MQTTMessage) throws -> NodePresenceMessage {
        try NodePresenceMessage(jsonData: Data(message.payload))
    }

    /// Clears the retained message of `topic`.
    func clearRetained(_ topic: String, client: MQTTClient) async throws {
        try await client.publish(topic: topic, payload: [UInt8](), qos: .atLeastOnce, retain: true)
    }

    @Test(
        "online; the Will says offline on a drop without DISCONNECT; online after the reconnect; shutdown leaves offline",
        .timeLimit(.minutes(1)))
    func onlineWillAndShutdown() async throws {
        let topics = try uniqueTopics()
        let presence = NodePresence(topics: topics, node: "node/a", host: "test-host", version: "9.9.9")
        #expect(presence.topic == topics.prefix + "/nodes/node%2Fa")
        let observer = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "presence-watch"))
        let inbox = MessageInbox(try await observer.subscribe(presence.topic))

        var configuration = try RelayTestBroker.configuration(purpose: "presence-node")
        configuration.will = presence.will()
        let node = try MQTTClient(configuration: configuration)
        try await node.connect()
        let keeping = Task { await presence.keepOnline(client: node, logger: logger) }

        let online = try decode(try #require(try await inbox.take(1, within: 10, "online").first))
        #expect(online.state == .online && online.reason == .connected)
        #expect(online.node == "node/a" && online.host == "test-host" && online.version == "9.9.9")
        #expect(online.startedAt == presence.message(.online, reason: .connected, since: Date()).startedAt)

        // The socket is shut down under libmosquitto, as a network failure would: no DISCONNECT.
        node.dropConnectionForTesting()
        let will = try #require(try await inbox.take(1, within: 20, "the Will").first)
        #expect(will.qos == .atLeastOnce)
        let offline = try decode(will)
        #expect(offline.state == .offline && offline.reason == .connectionLost && offline.node == "node/a")
        #expect(will.properties.contentType == "application/json")

        // The client reconnects by itself and keepOnline announces the node again.
        let back = try decode(try #require(try await inbox.take(1, within: 20, "online after the reconnect").first))
        #expect(back.state == .online && back.reason == .connected)

        keeping.cancel()
        await keeping.value
        try await presence.announceOffline(client: node)
        let shutdown = try decode(try #require(try await inbox.take(1, within: 10, "offline on shutdown").first))
        #expect(shutdown.state == .offline && shutdown.reason == .shutdown)
        await node.disconnect()

        // A monitor that subscribes later gets the retained state: offline, shut down.
        let late = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "presence-late"))
        let lateInbox = MessageInbox(try await late.subscribe(presence.topic))
        let retained = try #require(try await lateInbox.take(1, within: 10, "the retained state").first)
        #expect(retained.retain)
        #expect(try decode(retained).reason == .shutdown)

        try await clearRetained(presence.topic, client: late)
        await lateInbox.stop()
        await inbox.stop()
        await late.disconnect()
        await observer.disconnect()
    }

    @Test(
        "a process holding the node's Will that is killed with SIGKILL leaves offline (connection-lost) retained",
        .timeLimit(.minutes(1)))
    func killedProcessLeavesOffline() async throws {
        let topics = try uniqueTopics()
        let presence = NodePresence(topics: topics, node: "killed", host: "test-host")
        let will = presence.will()
        let observer = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "kill-watch"))
        let inbox = MessageInbox(try await observer.subscribe(presence.topic))

        // A child process connects with the Will NodePresence made (same topic, payload, QoS and retain
        // flag): mosquitto_pub -l stays connected and publishes each line it reads, so a line it relays
        // to the probe topic proves it is connected, with its Will registered.
        let probe = MessageInbox(try await observer.subscribe(topics.prefix + "/probe"))
        let settings = try RelayTestBroker.configuration(purpose: "kill-child")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = [
            "mosquitto_pub", "-V", "5", "-h", settings.host, "-p", "\(settings.port)",
            "-u", settings.username ?? "", "-P", settings.password ?? "", "-i", settings.clientID, "-k", "5",
            "-q", "1", "-t", topics.prefix + "/probe", "-l",
            "--will-topic", will.topic, "--will-payload", String(decoding: will.payload, as: UTF8.self),
            "--will-qos", "\(will.qos.rawValue)", "--will-retain",
        ]
        let input = Pipe()
        child.standardInput = input
        try child.run()
        defer { try? input.fileHandleForWriting.close() }
        try input.fileHandleForWriting.write(contentsOf: Data("connected\n".utf8))
        let ready = try #require(try await probe.take(1, within: 20, "the child's probe message").first)
        #expect(ready.payloadString == "connected")

        kill(child.processIdentifier, SIGKILL)
        let message = try #require(try await inbox.take(1, within: 20, "the Will of the killed process").first)
        let offline = try decode(message)
        #expect(offline.state == .offline && offline.reason == .connectionLost && offline.node == "killed")

        let late = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "kill-late"))
        let lateInbox = MessageInbox(try await late.subscribe(presence.topic))
        let retained = try #require(try await lateInbox.take(1, within: 10, "the retained Will").first)
        let retainedState = try decode(retained).state
        #expect(retained.retain && retainedState == .offline)

        try await clearRetained(presence.topic, client: late)
        await probe.stop()
        await lateInbox.stop()
        await inbox.stop()
        await late.disconnect()
        await observer.disconnect()
    }
}
