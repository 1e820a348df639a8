import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import MySQLClient
import Testing

/// The private one-node Galera cluster of `scripts/galera.sh`, as its env file describes it
/// (`BATCHWIRE_TEST_GALERA_*`).
enum GaleraEnvironment {
    /// The Galera database as a `batchwire` database URL (user and password percent-encoded).
    static func databaseURL() throws -> String {
        let user = try TestEnvironment.value("BATCHWIRE_TEST_GALERA_USER")
        let password = try TestEnvironment.value("BATCHWIRE_TEST_GALERA_PASSWORD")
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        let encodedPassword = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        let host = try TestEnvironment.value("BATCHWIRE_TEST_GALERA_HOST")
        let port = try TestEnvironment.int("BATCHWIRE_TEST_GALERA_PORT")
        return "mysql://\(encodedUser):\(encodedPassword)@\(host):\(port)/"
            + (try TestEnvironment.value("BATCHWIRE_TEST_GALERA_DATABASE"))
    }

    /// A direct connection as the `batchwire` user (what `batchwire serve` connects as).
    static func userConfiguration() throws -> MySQLConfiguration {
        MySQLConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_HOST"),
            port: try TestEnvironment.int("BATCHWIRE_TEST_GALERA_PORT"),
            user: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_USER"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_PASSWORD"),
            database: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_DATABASE"), connectTimeout: .seconds(10))
    }

    /// A direct connection as the admin user, which may set `wsrep_reject_queries`.
    static func adminConfiguration() throws -> MySQLConfiguration {
        MySQLConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_HOST"),
            port: try TestEnvironment.int("BATCHWIRE_TEST_GALERA_PORT"),
            user: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_ADMIN_USER"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_GALERA_ADMIN_PASSWORD"), connectTimeout: .seconds(10))
    }
}

/// One session of the Galera admin user that makes the node refuse client statements, as a rejoining node
/// does, and lets them in again. SET statements pass while the node refuses, so this same session turns the
/// refusal off.
final class GaleraRejecter: Sendable {
    private let connection: MySQLConnection

    private init(connection: MySQLConnection) {
        self.connection = connection
    }

    static func connect() async throws -> GaleraRejecter {
        let configuration = try GaleraEnvironment.adminConfiguration()
        return GaleraRejecter(connection: try await MySQLConnection.connect(configuration: configuration))
    }

    /// `SET GLOBAL wsrep_reject_queries = ALL`: every client statement that touches a table (COMMIT and
    /// ROLLBACK too) is answered with error 1047 on every connection; connections stay open.
    func rejectQueries() async throws {
        try await connection.executeUnprepared("SET GLOBAL wsrep_reject_queries = ALL")
    }

    /// `SET GLOBAL wsrep_reject_queries = NONE`.
    func acceptQueries() async throws {
        try await connection.executeUnprepared("SET GLOBAL wsrep_reject_queries = NONE")
    }

    /// Lets queries in (whatever happened) and closes the session.
    func close() async {
        try? await acceptQueries()
        await connection.close()
    }
}

/// Like ``ServeSite``, on the Galera node: a temporary folder with `schedules/`, a table prefix of its own in
/// the Galera database (with prefixed foreign-key names, so a run that died before dropping its tables never
/// blocks the next one), initialised with `batchwire db init`, and the environment of every process.
final class GaleraSite {
    let directory: URL
    let schedules: URL
    let databaseURL: String
    let tablePrefix: String
    let binary: BatchwireBinary
    private let environment: [String: String]
    private var processes: [BatchwireProcess] = []

    private init() throws {
        binary = try BatchwireBinary.locate()
        databaseURL = try GaleraEnvironment.databaseURL()
        tablePrefix = "GALERA_" + UUID().uuidString.prefix(8).uppercased() + "_"
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-galera-\(UUID().uuidString.prefix(8))", isDirectory: true)
        schedules = directory.appendingPathComponent("schedules", isDirectory: true)
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        environment = [
            "BATCHWIRE_DATABASE_URL": databaseURL,
            "BATCHWIRE_TABLE_PREFIX": tablePrefix,
            "BATCHWIRE_CONSTRAINT_NAMING": "prefixed",
            "BATCHWIRE_SCHEDULES_DIR": schedules.path,
            "BATCHWIRE_LISTENERS": "logging",
        ]
    }

    /// Runs `body` on a fresh site and always cleans up: kills leftover processes, drops the tables and
    /// deletes the folder.
    static func with(_ body: (GaleraSite) async throws -> Void) async throws {
        let site = try GaleraSite()
        var failure: (any Error)?
        do {
            defer { site.killLeftovers() }
            try await site.initializeDatabase()
            try await body(site)
        } catch {
            failure = error
            print(site.diagnostics())
        }
        await site.tearDown()
        if let failure { throw failure }
    }

    var storeConfiguration: MetadataStoreConfiguration {
        get throws {
            var configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: databaseURL), tablePrefix: tablePrefix)
            configuration.constraintNaming = .prefixed
            return configuration
        }
    }

    /// Runs `body` with the site's store open for the test's own reads, and closes it.
    func withStore<T>(_ body: (MetadataStore) async throws -> T) async throws -> T {
        let store = try await MetadataStore.open(try storeConfiguration)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    func writeJob(_ file: String, _ yaml: String) throws {
        try yaml.write(to: schedules.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// Starts `batchwire serve` as node `node`.
    func serve(node: String) throws -> BatchwireProcess {
        try spawn(["serve"], name: "serve-\(node)", extra: ["BATCHWIRE_NODE_ID": node])
    }

    /// When the site's processes were sent SIGTERM.
    var terminations: [Date] { processes.compactMap(\.terminatedAt) }

    func diagnostics() -> String {
        "galera site \(directory.path) (prefix \(tablePrefix))\n"
            + processes.map { $0.errorTail() }.joined(separator: "\n")
    }

    func killLeftovers() {
        for process in processes { process.killIfRunning() }
    }

    private func spawn(_ arguments: [String], name: String, extra: [String: String]) throws -> BatchwireProcess {
        let process = try BatchwireProcess(
            binary: binary, arguments: arguments,
            environment: BatchwireProcess.siteEnvironment(environment, extra: extra), directory: directory, name: name)
        processes.append(process)
        return process
    }

    private func initializeDatabase() async throws {
        let process = try spawn(["db", "init"], name: "db-init", extra: [:])
        let end = try await process.waitForEnd(within: 120)
        let result = CommandResult(end: end, output: process.standardOutput, error: process.standardError)
        guard end == .exited(0), result.output.contains("schema matches") else {
            throw CommandFailed(command: "batchwire db init", result: result)
        }
    }

    private func tearDown() async {
        do {
            try await withStore { try await $0.dropSchema() }
        } catch {
            print("could not drop the Galera tables of prefix \(tablePrefix): \(error)")
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
