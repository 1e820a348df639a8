import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// A place for `batchwire` processes to share: a temporary folder with a `schedules/` folder of job files,
/// a log folder, a database initialised with `batchwire db init` (an SQLite file, or a table prefix of its
/// own in the test MariaDB), and the `BATCHWIRE_*` environment that points every process at them.
///
/// ```swift
/// try await ServeSite.with(.mariadb) { site in
///     try site.writeJob("tick.yaml", yaml)
///     let node = try site.serve(node: "a")
///     …
/// }   // kills what is left, drops the tables, deletes the folder
/// ```
final class ServeSite {
    enum Backend: String, CustomTestStringConvertible, Sendable {
        case sqlite, mariadb
        var testDescription: String { rawValue }
    }

    let backend: Backend
    let directory: URL
    let schedules: URL
    let databaseURL: String
    let tablePrefix: String
    let binary: BatchwireBinary
    /// What every process gets on top of the inherited environment.
    private(set) var environment: [String: String]
    private var processes: [BatchwireProcess] = []
    private let lock: SpringConstraintNamesLock?

    private init(backend: Backend, lock: SpringConstraintNamesLock?) throws {
        self.backend = backend
        self.lock = lock
        binary = try BatchwireBinary.locate()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-serve-\(UUID().uuidString.prefix(8))", isDirectory: true)
        schedules = directory.appendingPathComponent("schedules", isDirectory: true)
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            databaseURL = "sqlite:" + directory.appendingPathComponent("batchwire.sqlite").path
            tablePrefix = "BATCH_"
        case .mariadb:
            databaseURL = try ServeTestEnvironment.mysqlURL()
            tablePrefix = "SERVE_" + UUID().uuidString.prefix(8).uppercased() + "_"
        }
        environment = [
            "BATCHWIRE_DATABASE_URL": databaseURL,
            "BATCHWIRE_TABLE_PREFIX": tablePrefix,
            "BATCHWIRE_SCHEDULES_DIR": schedules.path,
            "BATCHWIRE_LOG_DIR": directory.appendingPathComponent("logs").path,
            "BATCHWIRE_LISTENERS": "logging",
        ]
    }

    /// Runs `body` on a fresh site and always cleans up: kills leftover processes, drops the MariaDB tables
    /// (releasing the constraint-name lock) and deletes the folder.
    static func with(_ backend: Backend, _ body: (ServeSite) async throws -> Void) async throws {
        let lock = backend == .mariadb ? try await SpringConstraintNamesLock.acquire() : nil
        let site: ServeSite
        do {
            site = try ServeSite(backend: backend, lock: lock)
        } catch {
            await lock?.release()
            throw error
        }
        var failure: (any Error)?
        do {
            // Whatever happens in the body, no process of the site outlives it.
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

    /// Runs `body` with the site's store open for the test's own reads, and closes it.
    func withStore<T>(_ body: (MetadataStore) async throws -> T) async throws -> T {
        let store = try await MetadataStore.open(
            MetadataStoreConfiguration(location: try DatabaseLocation(url: databaseURL), tablePrefix: tablePrefix))
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// Adds settings (e.g. the broker's) for every process started from now on.
    func setEnvironment(_ values: [String: String]) {
        environment.merge(values) { _, new in new }
    }

    /// Writes a job file into `schedules/`.
    func writeJob(_ file: String, _ yaml: String) throws {
        try yaml.write(to: schedules.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// A path inside the site's folder (for marker files of steps).
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Starts `batchwire serve` as node `node`.
    func serve(node: String, arguments: [String] = []) throws -> BatchwireProcess {
        try spawn(["serve"] + arguments, name: "serve-\(node)", environment: ["BATCHWIRE_NODE_ID": node])
    }

    /// Runs a `batchwire` command to its end (at most `seconds`).
    /// - Returns: how it ended and what it printed.
    func run(_ arguments: [String], within seconds: Double = 120) async throws -> CommandResult {
        let process = try spawn(arguments, name: arguments.first ?? "batchwire", environment: [:])
        let end = try await process.waitForEnd(within: seconds)
        return CommandResult(end: end, output: process.standardOutput, error: process.standardError)
    }

    /// The last lines of every process's standard error, for failure messages.
    func diagnostics() -> String {
        "site \(directory.path) (\(backend.rawValue), prefix \(tablePrefix))\n"
            + processes.map { $0.errorTail() }.joined(separator: "\n")
    }

    /// When the site's processes were sent SIGTERM.
    var terminations: [Date] { processes.compactMap(\.terminatedAt) }

    /// Kills every process of the site that still runs.
    func killLeftovers() {
        for process in processes { process.killIfRunning() }
    }

    private func spawn(_ arguments: [String], name: String, environment extra: [String: String]) throws
        -> BatchwireProcess
    {
        let process = try BatchwireProcess(
            binary: binary, arguments: arguments,
            environment: BatchwireProcess.siteEnvironment(environment, extra: extra), directory: directory, name: name)
        processes.append(process)
        return process
    }

    private func initializeDatabase() async throws {
        let result = try await run(["db", "init"])
        guard result.end == .exited(0), result.output.contains("schema matches") else {
            throw CommandFailed(command: "batchwire db init", result: result)
        }
    }

    private func tearDown() async {
        if backend == .mariadb {
            do {
                try await withStore { try await $0.dropSchema() }
            } catch {
                print("could not drop the tables of prefix \(tablePrefix): \(error)")
            }
        }
        await lock?.release()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// How a command ended and what it printed.
struct CommandResult: CustomStringConvertible {
    let end: ProcessEnd
    let output: String
    let error: String

    var description: String { "\(end)\nstdout:\n\(output)\nstderr:\n\(error)" }
}

/// A `batchwire` command the test needed failed.
struct CommandFailed: Error, CustomStringConvertible {
    let command: String
    let result: CommandResult
    var description: String { "\(command) failed: \(result)" }
}
