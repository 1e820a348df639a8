import BatchwireCore
import BatchwireStore
import BatchwireTestBasics
import Foundation
import MySQLClient
import SQLiteClient
import Testing

/// The two backends every store test runs against.
enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case mysql, sqlite
    var testDescription: String { rawValue }
}

/// The private MariaDB from `scripts/services.sh start`, read from the environment its env file exports (a
/// missing variable skips the MySQL case, or fails it under `BATCHWIRE_REQUIRE_SERVICES=1`).
enum MySQLTestEnvironment {
    static func configuration() throws -> MySQLConfiguration {
        let port = try TestEnvironment.int("BATCHWIRE_TEST_MYSQL_PORT")
        return MySQLConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST"), port: port,
            user: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD"),
            database: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"), connectTimeout: .seconds(5))
    }
}

/// A store on a fresh schema: on MySQL a table prefix no other test uses (with prefixed foreign-key names,
/// since MySQL wants those unique per database); on SQLite a temporary file of its own.
struct TestStore {
    /// The store's logger in tests: none.
    static let logger = MetadataStore.noLogging

    let backend: TestBackend
    let store: MetadataStore
    let raw: RawSQL
    private let sqlitePath: String?
    private let dropOnClose: Bool

    var repository: JobRepository { store.repository }
    var explorer: JobExplorer { store.explorer }
    var names: TableNames { store.schema.names }

    /// Opens a store and initializes its schema.
    /// - Parameters:
    ///   - prefix: a fixed prefix; `nil` for a unique one on MySQL and `BATCH_` on SQLite.
    ///   - naming: the foreign-key naming; `nil` for `.prefixed` on MySQL with a unique prefix, else `.spring`.
    static func make(
        _ backend: TestBackend, prefix: String? = nil, naming: ConstraintNaming? = nil,
        initialize: Bool = true, configure: (inout MetadataStoreConfiguration) -> Void = { _ in }
    ) async throws -> TestStore {
        var configuration: MetadataStoreConfiguration
        var sqlitePath: String?
        switch backend {
        case .mysql:
            let unique = "T" + UUID().uuidString.prefix(8).lowercased() + "_"
            configuration = MetadataStoreConfiguration(
                location: .mysql(try MySQLTestEnvironment.configuration()), tablePrefix: prefix ?? unique)
            configuration.constraintNaming = naming ?? (prefix == nil ? .prefixed : .spring)
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
            sqlitePath = path
            configuration = MetadataStoreConfiguration(location: .sqlite(path: path), tablePrefix: prefix ?? "BATCH_")
            configuration.constraintNaming = naming ?? .spring
        }
        configure(&configuration)
        let store = try await MetadataStore.open(configuration, logger: logger)
        let raw = try await RawSQL.open(backend, configuration: configuration)
        let testStore = TestStore(
            backend: backend, store: store, raw: raw, sqlitePath: sqlitePath, dropOnClose: backend == .mysql)
        if initialize {
            let report = try await store.initializeSchema()
            #expect(report.isMatching, "\(report)")
        }
        return testStore
    }

    /// Drops the tables (MySQL) or deletes the file (SQLite) and closes everything.
    func close() async {
        if dropOnClose { try? await store.dropSchema() }
        await store.close()
        await raw.close()
        if let sqlitePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        }
    }

    /// Runs `body` with a fresh store and always cleans up.
    static func with(
        _ backend: TestBackend, prefix: String? = nil, naming: ConstraintNaming? = nil,
        configure: (inout MetadataStoreConfiguration) -> Void = { _ in },
        _ body: (TestStore) async throws -> Void
    ) async throws {
        let store = try await make(backend, prefix: prefix, naming: naming, configure: configure)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
