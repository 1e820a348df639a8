import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Logging
import MosquittoClient
import Testing

/// A launcher, an operator and (when started) an outbox relay on one store, wired as `batchwire serve`
/// wires them: the launcher writes each status change with its event to the outbox, the relay publishes
/// from there.
struct RunHarness {
    let temporary: TemporaryStore
    let registry: JobRegistry
    let jobOperator: JobOperator
    let directory: URL
    let topics: MQTTTopics

    static let logger = Logger(label: "batchwire.tests.run") { _ in SwiftLogNoOpLogHandler() }

    /// A harness over `temporary` as node `node`.
    static func make(_ temporary: TemporaryStore, node: String = "node-a") throws -> RunHarness {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-run-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let registry = JobRegistry()
        let jobOperator = makeOperator(store: temporary.store, registry: registry, node: node, directory: directory)
        return RunHarness(
            temporary: temporary, registry: registry, jobOperator: jobOperator, directory: directory,
            topics: try MQTTTopics())
    }

    /// An operator over `store` (another process's handle on the same database) as node `node`.
    static func makeOperator(
        store: MetadataStore, registry: JobRegistry, node: String, directory: URL,
        configure: (inout LaunchConfiguration) -> Void = { _ in }
    ) -> JobOperator {
        var configuration = LaunchConfiguration(nodeID: node, logDirectory: directory.appendingPathComponent("logs"))
        configuration.commandSteps.terminationGracePeriod = .milliseconds(500)
        configuration.stopPollInterval = .milliseconds(200)
        configure(&configuration)
        let launcher = JobLauncher(store: store, configuration: configuration, logger: logger)
        return JobOperator(launcher: launcher, registry: registry)
    }

    /// Registers the jobs of a job file's text.
    @discardableResult
    func register(yaml: String) throws -> [JobDefinition] {
        let jobs = try JobFileParser().parse(yaml, file: directory.appendingPathComponent("jobs.yaml").path)
        for job in jobs { try registry.register(job) }
        return jobs
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    var state: BatchwireStateStore { temporary.state }

    /// The outbox rows of one execution (delivered or not), by sequence number.
    func rows(of executionID: Int64) async throws -> [StoredOutboxEvent] {
        try await state.outboxEvents(jobExecutionID: executionID)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// An event's short form: `created`, the job status, or `<step> <status>`.
func label(_ event: BatchwireEvent) -> String {
    switch event {
    case .jobCreated: "created"
    case .jobStatusChanged(let changed): changed.status.name
    case .stepStatusChanged(let changed): "\(changed.stepName) \(changed.status.name)"
    case .scheduleFire(let fire): "fire \(fire.outcome)"
    case .triggerFire(let fire): "trigger \(fire.outcome.rawValue)"
    }
}

func decode(_ payload: [UInt8]) throws -> BatchwireEvent {
    try BatchwireEvent(jsonData: Data(payload))
}

func decode(_ payload: String) throws -> BatchwireEvent {
    try BatchwireEvent(jsonData: Data(payload.utf8))
}

/// Validates JSON documents with `Tests/BatchwireEventsTests/validate.py` (Draft 2020-12, formats
/// checked); a missing `jsonschema` package fails the test, never skips it.
enum SchemaValidator {
    static let script = PrivateBroker.repositoryRoot.appendingPathComponent("Tests/BatchwireEventsTests/validate.py")

    /// `docs/events.schema.json`.
    static let eventsSchema = PrivateBroker.repositoryRoot.appendingPathComponent("docs/events.schema.json")

    /// The vendored OpenLineage schema (`Tests/Fixtures/spec/openlineage/OpenLineage.json`).
    static func openLineageSchema() throws -> URL {
        let schema = TestFixtures.openLineageSchema
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw TimedOut(
                what: "the OpenLineage schema at \(schema.path) (set BATCHWIRE_SHARED_DIR to the shared/ folder)")
        }
        return schema
    }

    static func validate(
        _ documents: [[UInt8]], against schema: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        async throws
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "batchwire-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let file = folder.appendingPathComponent("document-\(index).json")
            try Data(document).write(to: file)
            paths.append(file.path)
        }
        let result = try await runTool("python3", [script.path, schema.path] + paths)
        let (status, text) = (result.status, result.text)
        if status == 3 {
            Issue.record(
                Comment(rawValue: "validate.py could not import jsonschema: pip install jsonschema\n\(text)"),
                sourceLocation: sourceLocation)
        } else if status != 0 {
            Issue.record(
                Comment(rawValue: "\(schema.lastPathComponent) rejected a payload (exit \(status)):\n\(text)"),
                sourceLocation: sourceLocation)
        }
    }
}
