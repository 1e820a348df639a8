import BatchwireStore
import BenchmarkSupport
import Foundation
import MosquittoClient

/// The store the benchmark writes to.
enum BenchmarkBackend: String {
    case sqlite, mysql
}

/// The store and broker clients the benchmark measures, on the private servers of `scripts/services.sh`.
enum BenchmarkServices {
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
            let prefix = "EB" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8) + "_"
            configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: try BenchmarkEnvironment.mysql().url), tablePrefix: prefix)
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
        let broker = try BenchmarkEnvironment.mqtt()
        let client = try MQTTClient(
            configuration: MQTTConfiguration(
                host: broker.host, port: broker.port,
                clientID: "event-bench-\(role)-\(ProcessInfo.processInfo.processIdentifier)",
                username: broker.user, password: broker.password))
        try await client.connect()
        return client
    }
}
