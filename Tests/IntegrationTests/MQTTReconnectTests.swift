import Foundation
import Testing

@testable import MosquittoClient

/// Reconnection against a broker this test starts, stops and starts again itself
/// (`scripts/mosquitto.sh start --dir <tmp> --port <port>`), leaving the shared one alone.
@Suite("MQTT reconnect against a broker the test restarts")
struct MQTTReconnectTests {
    /// The repository root, found from this file's path (Tests/IntegrationTests/<file>).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct ScriptFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "scripts/mosquitto.sh \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// Runs scripts/mosquitto.sh without blocking a cooperative thread; returns its output.
    @discardableResult
    static func mosquittoScript(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = repositoryRoot.appendingPathComponent("scripts/mosquitto.sh")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw ScriptFailed(arguments: arguments, status: status, output: text) }
        return text
    }

    /// Reads `KEY=value` lines from the env file the script wrote for the private broker.
    static func environment(in directory: URL) throws -> [String: String] {
        let text = try String(contentsOf: directory.appendingPathComponent("env.sh"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        return values
    }

    @Test("after its broker restarts, the client reconnects, re-subscribes and receives a QoS 1 message", .timeLimit(.minutes(1)))
    func reconnectsAndResubscribes() async throws {
        _ = try MQTTTestBroker.port()  // the shared broker's env must be loaded like for every MQTT test
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-mqtt-reconnect-\(UUID().uuidString.prefix(8))")
        let port = 19_000 + Int.random(in: 0..<900)
        let arguments = ["--dir", directory.path, "--port", "\(port)"]
        try await Self.mosquittoScript(["start"] + arguments)
        do {
            try await exercise(directory: directory, port: port, arguments: arguments)
        } catch {
            _ = try? await Self.mosquittoScript(["stop"] + arguments)
            throw error
        }
        try await Self.mosquittoScript(["stop"] + arguments)
        try? FileManager.default.removeItem(at: directory)
    }

    private func exercise(directory: URL, port: Int, arguments: [String]) async throws {
        let environment = try Self.environment(in: directory)
        let user = environment["BATCHWIRE_TEST_MQTT_USER"]
        let password = environment["BATCHWIRE_TEST_MQTT_PASSWORD"]
        #expect(user != nil && password != nil, "the script's env file names the user and password")
        func configuration(_ purpose: String) -> MQTTConfiguration {
            MQTTConfiguration(
                host: "127.0.0.1", port: port, clientID: "test-\(purpose)-\(UUID().uuidString.prefix(8))",
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
        try await Self.mosquittoScript(["stop"] + arguments)
        try await states.wait(for: .reconnecting, within: 10)
        try await Self.mosquittoScript(["start"] + arguments)
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
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-mqtt-outage-\(UUID().uuidString.prefix(8))")
        let port = 19_000 + Int.random(in: 0..<900)
        let arguments = ["--dir", directory.path, "--port", "\(port + 1000)"]
        try await Self.mosquittoScript(["start"] + arguments)
        do {
            let environment = try Self.environment(in: directory)
            let client = try MQTTClient(
                configuration: MQTTConfiguration(
                    host: "127.0.0.1", port: port + 1000, clientID: "test-outage-\(UUID().uuidString.prefix(8))",
                    username: environment["BATCHWIRE_TEST_MQTT_USER"],
                    password: environment["BATCHWIRE_TEST_MQTT_PASSWORD"],
                    reconnectDelayMinimumSeconds: 1, reconnectDelayMaximumSeconds: 2))
            try await client.connect()
            let states = StateRecorder(client.connectionStates())
            try await Self.mosquittoScript(["stop"] + arguments)
            try await states.wait(for: .reconnecting, within: 10)
            let pending = Task { try await client.publish(topic: "batchwire/test/outage", text: "queued") }
            try await Task.sleep(for: .milliseconds(300))
            try await Self.mosquittoScript(["start"] + arguments)
            try await withDeadline(20, "PUBACK of the publish queued during the outage") { try await pending.value }
            await client.disconnect()
        } catch {
            _ = try? await Self.mosquittoScript(["stop"] + arguments)
            throw error
        }
        try await Self.mosquittoScript(["stop"] + arguments)
        try? FileManager.default.removeItem(at: directory)
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
