import BatchwireStore
import Foundation
import MosquittoClient

/// The store the benchmark writes to.
enum BenchmarkBackend: String {
    case sqlite, mysql
}

/// What is missing from the environment, and how to provide it.
struct MissingEnvironment: Error, CustomStringConvertible {
    let variable: String
    var description: String {
        "\(variable) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` first"
    }
}

/// The private servers of `scripts/services.sh`, read from the `BATCHWIRE_TEST_*` variables its env file exports.
enum BenchmarkEnvironment {
    static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingEnvironment(variable: name)
        }
        return value
    }

    /// A store on a fresh schema: a temporary SQLite file, or a table prefix of its own on MariaDB.
    static func openStore(_ backend: BenchmarkBackend) async throws -> (store: MetadataStore, cleanUp: () async -> Void)
    {
        var configuration: MetadataStoreConfiguration
        var path: String?
        switch backend {
        case .sqlite:
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("event-benchmark-\(UUID().uuidString).sqlite").path
            path = file
            configuration = MetadataStoreConfiguration(location: .sqlite(path: file))
        case .mysql:
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try value("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try value("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try value("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try value("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = "EB" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8) + "_"
            configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
        }
        if let connections = ProcessInfo.processInfo.environment["BATCHWIRE_BENCH_CONNECTIONS"].flatMap(Int.init) {
            configuration.maxConnections = connections
        }
        let store = try await MetadataStore.open(configuration)
        try await store.initializeSchema()
        return (
            store,
            {
                if path == nil { try? await store.dropSchema() }
                await store.close()
                if let path {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
        )
    }

    /// A connected client of the broker's `batchwire` account.
    static func connect(_ role: String) async throws -> MQTTClient {
        guard let port = Int(try value("BATCHWIRE_TEST_MQTT_PORT")) else {
            throw MissingEnvironment(variable: "BATCHWIRE_TEST_MQTT_PORT (a number)")
        }
        let client = try MQTTClient(
            configuration: MQTTConfiguration(
                host: try value("BATCHWIRE_TEST_MQTT_HOST"), port: port,
                clientID: "event-bench-\(role)-\(ProcessInfo.processInfo.processIdentifier)",
                username: try value("BATCHWIRE_TEST_MQTT_USER"), password: try value("BATCHWIRE_TEST_MQTT_PASSWORD")))
        try await client.connect()
        return client
    }

    static var brokerAddress: String {
        let environment = ProcessInfo.processInfo.environment
        return "\(environment["BATCHWIRE_TEST_MQTT_HOST"] ?? "?"):\(environment["BATCHWIRE_TEST_MQTT_PORT"] ?? "?")"
    }
}
