import BatchwireCore
import BatchwireListeners
import BatchwireRuntime
import BatchwireStore
import BatchwireTestBasics
import Foundation
import Logging
import Synchronization

/// The databases the launcher and operator tests run on.
package typealias LaunchBackend = TestDatabase

/// A store on a fresh schema (a temporary SQLite file, or a table prefix of its own on MariaDB), with a
/// temporary folder for job logs and marker files.
package struct LaunchFixture: Sendable {
    package let directory: URL
    package let configuration: MetadataStoreConfiguration
    package let store: MetadataStore
    package let registry: JobRegistry
    package let dropsSchema: Bool

    package static let logger = Logger(label: "batchwire.tests.launch") { _ in SwiftLogNoOpLogHandler() }

    package static func make(_ backend: LaunchBackend = .sqlite) async throws -> LaunchFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-launch-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try backend.configuration(in: directory)
        let store = try await MetadataStore.open(configuration)
        try await store.initializeSchema()
        return LaunchFixture(
            directory: directory, configuration: configuration, store: store, registry: JobRegistry(),
            dropsSchema: backend == .mysql)
    }

    /// A second handle on the same database, as another process would open it.
    package func openAgain() async throws -> MetadataStore {
        try await MetadataStore.open(configuration)
    }

    package func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A launcher and an operator over `store` (this fixture's by default), as node `node`.
    package func makeOperator(
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
    package func register(
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

    package func cleanUp() async {
        if dropsSchema { try? await store.dropSchema() }
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Waits for the launcher to finish the execution, failing after `seconds`.
package func finished(_ jobOperator: JobOperator, _ id: Int64, within seconds: Double = 20) async throws -> JobExecution {
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

/// A listener that keeps every event.
package final class RecordingListener: JobStatusChangedListener {
    private let events = Mutex<[BatchwireEvent]>([])

    package init() {}

    package func onEvent(_ event: BatchwireEvent) async throws {
        events.withLock { $0.append(event) }
    }

    package var received: [BatchwireEvent] { events.withLock { $0 } }
}

/// A job-level event's short form: "created" or the status name.
package func jobEventLabel(_ event: BatchwireEvent) -> String? {
    switch event {
    case .jobCreated: "created"
    case .jobStatusChanged(let changed): changed.status.name
    default: nil
    }
}

/// Runs `body` on a fresh fixture and always cleans it up (drops the MariaDB tables, removes the folder).
package func withLaunchFixture(_ backend: LaunchBackend, _ body: (LaunchFixture) async throws -> Void) async throws {
    let fixture = try await LaunchFixture.make(backend)
    do {
        try await body(fixture)
    } catch {
        await fixture.cleanUp()
        throw error
    }
    await fixture.cleanUp()
}
