import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import MQTTClient
import Testing

/// The shared Mosquitto that `scripts/services.sh start` runs, read from the environment its env file exports.
enum RelayTestBroker {
    struct MissingEnvironment: Error, CustomStringConvertible {
        let variable: String
        var description: String {
            "\(variable) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` "
                + "before the integration tests (or run scripts/test.sh, which does both)."
        }
    }

    static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingEnvironment(variable: name)
        }
        return value
    }

    /// A configuration for the shared broker's `batchwire` account, with a unique client id.
    static func configuration(purpose: String) throws -> MQTTConfiguration {
        guard let port = Int(try value("BATCHWIRE_TEST_MQTT_PORT")) else {
            throw MissingEnvironment(variable: "BATCHWIRE_TEST_MQTT_PORT (a number)")
        }
        return MQTTConfiguration(
            host: try value("BATCHWIRE_TEST_MQTT_HOST"),
            port: port,
            clientID: "test-relay-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: try value("BATCHWIRE_TEST_MQTT_USER"),
            password: try value("BATCHWIRE_TEST_MQTT_PASSWORD"),
            keepAliveSeconds: 10,
            reconnectDelayMinimumSeconds: 1,
            reconnectDelayMaximumSeconds: 2,
            connectTimeout: .seconds(5)
        )
    }

    static func connect(_ configuration: MQTTConfiguration) async throws -> MQTTClient {
        let client = try MQTTClient(configuration: configuration)
        try await client.connect()
        return client
    }
}

/// A broker the test starts and stops itself (`scripts/mosquitto.sh start --dir <tmp> --port <port>`).
struct PrivateBroker {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct ScriptFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String {
            "scripts/mosquitto.sh \(arguments.joined(separator: " ")) exited \(status): \(output)"
        }
    }

    let directory: URL
    let port: Int

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-relay-broker-\(UUID().uuidString.prefix(8))")
        port = 19_000 + Int.random(in: 0..<900)
    }

    private var arguments: [String] { ["--dir", directory.path, "--port", "\(port)"] }

    func start() async throws { try await Self.script(["start"] + arguments) }
    func stop() async throws { try await Self.script(["stop"] + arguments) }

    /// A configuration for this broker's `batchwire` account.
    func configuration(purpose: String, reconnectDelaySeconds: UInt32) throws -> MQTTConfiguration {
        let text = try String(contentsOf: directory.appendingPathComponent("env.sh"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        return MQTTConfiguration(
            host: "127.0.0.1",
            port: port,
            clientID: "test-relay-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: values["BATCHWIRE_TEST_MQTT_USER"],
            password: values["BATCHWIRE_TEST_MQTT_PASSWORD"],
            keepAliveSeconds: 5,
            reconnectDelayMinimumSeconds: reconnectDelaySeconds,
            reconnectDelayMaximumSeconds: reconnectDelaySeconds,
            connectTimeout: .seconds(5)
        )
    }

    /// Runs scripts/mosquitto.sh without blocking a cooperative thread.
    @discardableResult
    static func script(_ arguments: [String]) async throws -> String {
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
}

/// An SQLite metadata store in its own temporary file.
struct TemporaryStore {
    let store: MetadataStore
    let path: String

    static func make() async throws -> TemporaryStore {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("relay-\(UUID().uuidString).sqlite").path
        let store = try await MetadataStore.open(MetadataStoreConfiguration(location: .sqlite(path: path)))
        _ = try await store.initializeSchema()
        return TemporaryStore(store: store, path: path)
    }

    var state: BatchwireStateStore { store.state }

    func close() async {
        await store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Reads a subscription in the background and hands its messages out with deadlines.
actor Inbox {
    private var messages: [MQTTMessage] = []
    private var reader: Task<Void, Never>?

    init(_ subscription: MQTTSubscription) {
        Task { await self.start(subscription) }
    }

    private func start(_ subscription: MQTTSubscription) {
        reader = Task { [weak self] in
            do {
                for try await message in subscription { await self?.append(message) }
            } catch {}
        }
    }

    private func append(_ message: MQTTMessage) { messages.append(message) }

    /// The first `count` messages, waiting up to `seconds` for them.
    func take(_ count: Int, within seconds: Double, _ what: String) async throws -> [MQTTMessage] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while messages.count < count {
            guard ContinuousClock.now < deadline else { throw TimedOut(what: "\(what) (\(messages.count)/\(count))") }
            try await Task.sleep(for: .milliseconds(10))
        }
        defer { messages.removeFirst(count) }
        return Array(messages.prefix(count))
    }

    /// Everything received in the next `seconds`.
    func drain(for seconds: Double) async throws -> [MQTTMessage] {
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        defer { messages.removeAll() }
        return messages
    }

    func stop() { reader?.cancel() }
}

/// Events of one execution, as the launcher writes them.
struct EventFactory {
    let jobName: String
    let executionID: Int64
    let topics: MQTTTopics

    func created() -> BatchwireEvent {
        .jobCreated(
            JobCreatedEvent(
                node: "node-a",
                jobName: jobName,
                jobInstanceId: executionID,
                jobExecutionId: executionID,
                jobKey: "key-\(executionID)",
                parameters: JobParameters()
            )
        )
    }

    func status(_ status: BatchStatus, previous: BatchStatus?, sequence: Int64) -> BatchwireEvent {
        .jobStatusChanged(
            JobStatusChangedEvent(
                sequence: sequence,
                node: "node-a",
                jobName: jobName,
                jobInstanceId: executionID,
                jobExecutionId: executionID,
                previousStatus: previous,
                status: status,
                exitCode: status == .completed ? "COMPLETED" : "UNKNOWN",
                createTime: Date()
            )
        )
    }

    /// created, STARTING, STARTED, COMPLETED.
    func lifecycle() -> [BatchwireEvent] {
        [
            created(), status(.starting, previous: nil, sequence: 2),
            status(.started, previous: .starting, sequence: 3),
            status(.completed, previous: .started, sequence: 4),
        ]
    }

    func outbox(_ event: BatchwireEvent) throws -> OutboxEvent {
        OutboxEvent(
            topic: topics.events(job: event.jobName),
            payload: try event.jsonString(),
            createdAt: event.timestamp
        )
    }
}

/// Polls `condition` until it holds or `seconds` pass.
func eventually(
    _ seconds: Double,
    _ what: String,
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// A quiet logger for the relays under test.
let relayTestLogger = Logger(label: "batchwire.relay.test")

/// A relay configuration that polls quickly.
func fastRelayConfiguration(batchSize: Int = 500, busyInterval: Duration = .zero) throws -> OutboxRelayConfiguration {
    OutboxRelayConfiguration(
        topics: try MQTTTopics(),
        batchSize: batchSize,
        busyInterval: busyInterval,
        idleInterval: .milliseconds(50),
        backoffMinimum: .milliseconds(50),
        backoffMaximum: .milliseconds(500)
    )
}

/// The `jobExecutionId` and `eventId` of an event payload.
func identity(of payload: [UInt8]) throws -> (execution: Int64?, eventId: UUID) {
    let event = try BatchwireEvent(jsonData: Data(payload))
    return (event.jobExecutionId, event.eventId)
}
