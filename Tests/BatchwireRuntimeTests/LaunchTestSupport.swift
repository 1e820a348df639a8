import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging
import Synchronization
import Testing

/// The databases the launcher and operator tests run on.
enum LaunchBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, mysql
    var testDescription: String { rawValue }
}

/// The private MariaDB of `scripts/mariadb.sh`, from the variables its env file exports. A missing variable
/// fails the MySQL variant of a test: it is never skipped.
struct MissingMySQLEnvironment: Error, CustomStringConvertible {
    let variable: String
    var description: String {
        "\(variable) is not set, so the MySQL variant cannot run: run `scripts/mariadb.sh start` and "
            + "`source \"$(scripts/mariadb.sh env)\"`, then run the tests again"
    }
}

/// A store on a fresh schema (a temporary SQLite file, or a table prefix of its own on MariaDB), with a
/// temporary folder for job logs and marker files.
struct LaunchFixture {
    let directory: URL
    let configuration: MetadataStoreConfiguration
    let store: MetadataStore
    let registry: JobRegistry
    let dropsSchema: Bool

    static let logger = Logger(label: "batchwire.tests.launch") { _ in SwiftLogNoOpLogHandler() }

    static func make(_ backend: LaunchBackend = .sqlite) async throws -> LaunchFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-launch-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration: MetadataStoreConfiguration
        switch backend {
        case .sqlite:
            configuration = MetadataStoreConfiguration(
                location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path))
        case .mysql:
            let environment = ProcessInfo.processInfo.environment
            func value(_ name: String) throws -> String {
                guard let value = environment[name], !value.isEmpty else {
                    throw MissingMySQLEnvironment(variable: name)
                }
                return value
            }
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try value("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try value("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try value("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try value("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = "LT" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
        }
        let store = try await MetadataStore.open(configuration)
        try await store.initializeSchema()
        return LaunchFixture(
            directory: directory, configuration: configuration, store: store, registry: JobRegistry(),
            dropsSchema: backend == .mysql)
    }

    /// A second handle on the same database, as another process would open it.
    func openAgain() async throws -> MetadataStore {
        try await MetadataStore.open(configuration)
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A launcher and an operator over `store` (this fixture's by default), as node `node`.
    func makeOperator(
        node: String = "node-1", store: MetadataStore? = nil, dispatcher: ListenerDispatcher? = nil,
        configure: (inout LaunchConfiguration) -> Void = { _ in }
    ) -> JobOperator {
        var configuration = LaunchConfiguration(nodeID: node, logDirectory: directory.appendingPathComponent("logs"))
        configuration.commandSteps.terminationGracePeriod = .milliseconds(500)
        configure(&configuration)
        let launcher = JobLauncher(
            store: store ?? self.store, configuration: configuration, dispatcher: dispatcher, logger: Self.logger)
        return JobOperator(launcher: launcher, registry: registry)
    }

    /// Registers a job whose steps run the given shell scripts.
    @discardableResult
    func register(
        _ name: String, steps: [(String, String)], incrementer: IncrementerKind = .runID, restartable: Bool = true,
        configure: (inout JobDefinition) -> Void = { _ in }
    ) throws -> JobDefinition {
        var job = JobDefinition(name: name, location: SourceLocation(file: "test", line: 1, column: 1))
        job.incrementer = incrementer
        job.restartable = restartable
        job.steps = steps.map { StepDefinition(name: $0.0, command: ["/bin/sh", "-c", $0.1]) }
        configure(&job)
        try registry.register(job)
        return job
    }

    func cleanUp() async {
        if dropsSchema { try? await store.dropSchema() }
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Waits for the launcher to finish the execution, failing after `seconds`.
func finished(_ jobOperator: JobOperator, _ id: Int64, within seconds: Double = 20) async throws -> JobExecution {
    try await withThrowingTaskGroup(of: JobExecution?.self) { group in
        group.addTask { await jobOperator.launcher.waitForExecution(id) }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let execution = first else {
            throw TimedOut(what: "execution \(id) to end")
        }
        return execution
    }
}

/// Polls `condition` every 50 ms until it holds, failing after `seconds`.
func eventually(_ what: String, within seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimedOut(what: what)
}

/// A listener that keeps every event.
final class RecordingListener: JobStatusChangedListener {
    private let events = Mutex<[BatchwireEvent]>([])

    func onEvent(_ event: BatchwireEvent) async throws {
        events.withLock { $0.append(event) }
    }

    var received: [BatchwireEvent] { events.withLock { $0 } }
}

/// A job-level event's short form: "created" or the status name.
func jobEventLabel(_ event: BatchwireEvent) -> String? {
    switch event {
    case .jobCreated: "created"
    case .jobStatusChanged(let changed): changed.status.name
    default: nil
    }
}

/// Runs `body` on a fresh fixture and always cleans it up (drops the MariaDB tables, removes the folder).
func withLaunchFixture(_ backend: LaunchBackend, _ body: (LaunchFixture) async throws -> Void) async throws {
    let fixture = try await LaunchFixture.make(backend)
    do {
        try await body(fixture)
    } catch {
        await fixture.cleanUp()
        throw error
    }
    await fixture.cleanUp()
}
