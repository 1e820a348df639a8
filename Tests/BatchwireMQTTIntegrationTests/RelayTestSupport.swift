import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Logging
import MosquittoClient
import Testing

/// The shared Mosquitto that `scripts/services.sh start` runs, read from the environment its env file exports.
enum RelayTestBroker {
    /// A configuration for the shared broker's `batchwire` account, with a unique client id.
    static func configuration(purpose: String) throws -> MQTTConfiguration {
        let port = try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT")
        return MQTTConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"),
            port: port,
            clientID: "test-relay-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_USER"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PASSWORD"),
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
typealias StoreBackend = TestDatabase

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
        let configuration: MetadataStoreConfiguration
        var path: String?
        switch backend {
        case .sqlite:
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("relay-\(UUID().uuidString).sqlite").path
            path = file
            configuration = MetadataStoreConfiguration(location: .sqlite(path: file))
        case .mysql:
            configuration = try TestDatabase.mysql.configuration(
                in: FileManager.default.temporaryDirectory, prefixStem: "RT")
        }
        let store = try await MetadataStore.open(configuration)
        _ = try await store.initializeSchema()
        return TemporaryStore(store: store, configuration: configuration, path: path)
    }

    var state: BatchwireStateStore { store.state }

    /// Runs one SQL statement outside the store (to damage the schema on purpose): through Python's
    /// `sqlite3` module on SQLite, the `mariadb` client on MariaDB.
    func execute(_ sql: String) async throws {
        let result: ProcessResult
        if let path {
            result = try await runTool(
                "python3",
                [
                    "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
                    path, sql,
                ])
        } else {
            var environment = ProcessInfo.processInfo.environment
            environment["MYSQL_PWD"] = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            result = try await runTool(
                "mariadb",
                [
                    "--no-defaults", "--protocol=TCP", "-h", try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST"),
                    "-P", try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PORT"),
                    "-u", try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER"),
                    try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"), "-e", sql,
                ], environment: environment)
        }
        guard result.status == 0 else {
            throw PrivateBroker.ScriptFailed(arguments: [sql], status: result.status, output: result.text)
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
