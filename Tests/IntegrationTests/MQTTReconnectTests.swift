import BatchwireTestBasics
import Foundation
import Testing

@testable import MosquittoClient

/// Reconnection against a broker this test starts, stops and starts again itself
/// (`scripts/mosquitto.sh start --dir <tmp> --port <port>`), leaving the shared one alone.
@Suite("MQTT reconnect against a broker the test restarts", .needs(.mqtt))
struct MQTTReconnectTests {
    @Test("after its broker restarts, the client reconnects, re-subscribes and receives a QoS 1 message", .timeLimit(.minutes(1)))
    func reconnectsAndResubscribes() async throws {
        _ = try MQTTTestBroker.port()  // the shared broker's env must be loaded like for every MQTT test
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
        let (user, password) = try broker.credentials()
        #expect(!user.isEmpty && !password.isEmpty, "the script's env file names the user and password")
        func configuration(_ purpose: String) -> MQTTConfiguration {
            MQTTConfiguration(
                host: "127.0.0.1", port: broker.port, clientID: "test-\(purpose)-\(UUID().uuidString.prefix(8))",
                username: user, password: password,
                keepAliveSeconds: 5, reconnectDelayMinimumSeconds: 1, reconnectDelayMaximumSeconds: 2,
                connectTimeout: .seconds(60))
        }
        let subscriber = try MQTTClient(configuration: configuration("survivor"))
        defer { Task { await subscriber.disconnect() } }
        let states = StateRecorder(subscriber.connectionStates())
        try await subscriber.connect()
        let topic = MQTTTestBroker.uniqueTopic("reconnect")
        let inbox = MessageInbox(try await subscriber.subscribe(topic, qos: .atLeastOnce))
        try await subscriber.publish(topic: topic, text: "before")
        #expect(try await inbox.next().payloadString == "before")

        // The broker goes away (its in-memory session with it) and comes back on the same port.
        try await broker.stop()
        try await states.wait(for: .reconnecting, within: 10)
        try await broker.start()
        try await states.wait(for: .connected, within: 20)

        // The client's own publish travels the same connection after the re-subscription, so it
        // proves the subscription is back; then another client's QoS 1 message must arrive too.
        try await withDeadline(10, "PUBACK after reconnect") {
            try await subscriber.publish(topic: topic, text: "own-after", qos: .atLeastOnce)
        }
        #expect(try await inbox.next(within: 10, "own message after reconnect").payloadString == "own-after")
        let publisher = try MQTTClient(configuration: configuration("publisher"))
        try await publisher.connect()
        try await publisher.publish(topic: topic, text: "after", qos: .atLeastOnce)
        let after = try await inbox.next(within: 10, "the QoS 1 message published after the reconnect")
        #expect(after.payloadString == "after" && after.qos == .atLeastOnce)
        await publisher.disconnect()
        await inbox.stop()
        let seen = await states.seen
        #expect(seen.starts(with: [.idle, .connecting, .connected, .reconnecting]), "\(seen)")
    }

    @Test("a QoS 1 publish made while the broker is down is sent and acknowledged after the reconnect", .timeLimit(.minutes(1)))
    func publishWaitsForReconnect() async throws {
        _ = try MQTTTestBroker.port()
        let broker = PrivateBroker(ports: 20_000..<20_900)
        try await broker.start()
        do {
            let (user, password) = try broker.credentials()
            let client = try MQTTClient(
                configuration: MQTTConfiguration(
                    host: "127.0.0.1", port: broker.port, clientID: "test-outage-\(UUID().uuidString.prefix(8))",
                    username: user, password: password,
                    reconnectDelayMinimumSeconds: 1, reconnectDelayMaximumSeconds: 2))
            try await client.connect()
            let states = StateRecorder(client.connectionStates())
            try await broker.stop()
            try await states.wait(for: .reconnecting, within: 10)
            let pending = Task { try await client.publish(topic: "batchwire/test/outage", text: "queued") }
            try await Task.sleep(for: .milliseconds(300))
            try await broker.start()
            try await withDeadline(20, "PUBACK of the publish queued during the outage") { try await pending.value }
            await client.disconnect()
        } catch {
            _ = try? await broker.stop()
            throw error
        }
        try await broker.stop()
        try? FileManager.default.removeItem(at: broker.directory)
    }
}

/// Records a client's connection states and waits for one with a deadline.
actor StateRecorder {
    private(set) var seen: [MQTTConnectionState] = []

    init(_ states: AsyncStream<MQTTConnectionState>) {
        Task { await self.record(states) }
    }

    private func record(_ states: AsyncStream<MQTTConnectionState>) async {
        for await state in states { seen.append(state) }
    }

    /// Waits until `state` has been seen after the last wait (or ever, the first time).
    func wait(for state: MQTTConnectionState, within seconds: Double) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let index = seen[consumed...].firstIndex(of: state) {
                consumed = index + 1
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TimedOut(what: "connection state \(state) (seen \(seen))")
    }

    private var consumed = 0
}
