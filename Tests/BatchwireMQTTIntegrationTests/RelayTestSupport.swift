import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import BatchwireTestSupport
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
            connectTimeout: .seconds(60)
        )
    }

    static func connect(_ configuration: MQTTConfiguration) async throws -> MQTTClient {
        let client = try MQTTClient(configuration: configuration)
        try await client.connect()
        return client
    }
}

/// How a test writes its outbox rows: as Batchwire writes them now, or as a Batchwire from before the outbox's
/// routing columns wrote them (those columns NULL), which the relay must route the same.
enum OutboxRowFormat: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case routed, legacy
    var testDescription: String { rawValue }
}

/// The databases the relay and run tests use: an SQLite file, or the MariaDB of `scripts/services.sh`.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, mysql
    var testDescription: String { rawValue }
}

/// A metadata store of its own: a temporary SQLite file, or a table prefix no other test uses on the shared
/// MariaDB (`BATCHWIRE_TEST_MYSQL_*`; a missing variable fails the test), dropped on close.
struct TemporaryStore {
    let store: MetadataStore
    let configuration: MetadataStoreConfiguration
    let path: String?

    static func make() async throws -> TemporaryStore {
        try await make(.sqlite)
    }

    static func make(_ backend: StoreBackend) async throws -> TemporaryStore {
        var configuration: MetadataStoreConfiguration
        var path: String?
        switch backend {
        case .sqlite:
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("relay-\(UUID().uuidString).sqlite").path
            path = file
            configuration = MetadataStoreConfiguration(location: .sqlite(path: file))
        case .mysql:
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = "RT" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
        }
        let store = try await MetadataStore.open(configuration)
        _ = try await store.initializeSchema()
        return TemporaryStore(store: store, configuration: configuration, path: path)
    }

    var state: BatchwireStateStore { store.state }

    /// Runs one SQL statement outside the store (to damage the schema on purpose): through Python's
    /// `sqlite3` module on SQLite, the `mariadb` client on MariaDB.
    func execute(_ sql: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        if let path {
            process.arguments = [
                "python3", "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
                path, sql,
            ]
        } else {
            var environment = ProcessInfo.processInfo.environment
            environment["MYSQL_PWD"] = try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            process.environment = environment
            process.arguments = [
                "mariadb", "--no-defaults", "--protocol=TCP", "-h",
                try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_HOST"),
                "-P", try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_PORT"),
                "-u", try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_USER"),
                try RelayTestBroker.value("BATCHWIRE_TEST_MYSQL_DATABASE"), "-e", sql,
            ]
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            throw PrivateBroker.ScriptFailed(arguments: [sql], status: status, output: text)
        }
    }

    /// A second handle on the same database, as another process would open it.
    func openAgain() async throws -> MetadataStore {
        try await MetadataStore.open(configuration)
    }

    func close() async {
        if path == nil { try? await store.dropSchema() }
        await store.close()
        if let path {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}

/// Runs `body` with a fresh store and always closes it (dropping its MariaDB tables).
func withTemporaryStore(_ backend: StoreBackend, _ body: (TemporaryStore) async throws -> Void) async throws {
    let temporary = try await TemporaryStore.make(backend)
    do {
        try await body(temporary)
    } catch {
        await temporary.close()
        throw error
    }
    await temporary.close()
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

    /// The outbox row of `event`, with its routing columns, as Batchwire writes it.
    func outbox(_ event: BatchwireEvent) throws -> OutboxEvent {
        try OutboxEvent(event, topic: topics.events(job: event.jobName))
    }

    /// The outbox row of `event` as a Batchwire without routing columns wrote it: topic and payload only.
    func legacyOutbox(_ event: BatchwireEvent) throws -> OutboxEvent {
        OutboxEvent(topic: topics.events(job: event.jobName), payload: try event.jsonString(), createdAt: event.timestamp)
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
