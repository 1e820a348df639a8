
#if canImport(FoundationNetworking)
import BatchwireCore
import BatchwireMQTT
import BatchwireTestSupport
import Foundation
import FoundationNetworking
import Testing
#endif

/// The local OpenLineage endpoint of `Tests/ListenerSupport/lineage_sink.py`, one per test: it
/// records every POST and answers according to the path (`/ok/…`, `/fail/<n>/…`, `/status/<code>/…`,
/// `/hang/…`). It exits when the test closes its standard input (``stop()``) or when the test
/// process ends.
struct LineageSink: Sendable {
    /// One recorded POST.
    struct Request: Decodable, Sendable {
        let path: String
        let headers: [String: String]
        let body: String
        /// What the sink answered; `nil` for `/hang/…`.
        let status: Int?

        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    struct StartFailed: Error, CustomStringConvertible {
        let description: String
    }

    static let script = PrivateBroker.repositoryRoot.appendingPathComponent("Tests/ListenerSupport/lineage_sink.py")

    let port: Int
    private let input: FileHandle

    /// Starts the script and waits for the port it prints.
    static func start() async throws -> LineageSink {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        // The first line is `PORT <n>`; read it on a thread of its own, not the cooperative pool.
        let line: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while let byte = try? reader.read(upToCount: 1), let first = byte.first, first != 10 {
                    bytes.append(first)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            try? input.fileHandleForWriting.close()
            throw StartFailed(
                description: "\(script.path) did not print its port (got '\(line)'); is python3 installed?")
        }
        return LineageSink(port: port, input: input.fileHandleForWriting)
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Every POST so far, oldest first.
    func requests() async throws -> [Request] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url("/requests"))!)
        return try JSONDecoder().decode([Request].self, from: data)
    }

    /// The POSTs to paths starting with `prefix`.
    func requests(under prefix: String) async throws -> [Request] {
        try await requests().filter { $0.path.hasPrefix(prefix) }
    }

    /// Ends the script (it exits when its standard input closes).
    func stop() {
        try? input.close()
    }
}

/// OpenLineage schema validation with `Tests/BatchwireEventsTests/validate.py`, as the event tests do.
enum OpenLineageSchema {
    /// The vendored OpenLineage schema (`Tests/Fixtures/spec/openlineage/OpenLineage.json`).
    static func schema() throws -> URL {
        let schema = TestFixtures.openLineageSchema
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw LineageSink.StartFailed(
                description: "the OpenLineage schemas are not at \(schema.path); set BATCHWIRE_SHARED_DIR to the "
                    + "shared/ folder (the one holding spec/openlineage/)")
        }
        return schema
    }

    /// Validates each body; a failure (or a missing jsonschema package) is recorded as a test issue.
    static func validate(_ bodies: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let schema = try schema()
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-listener-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, body) in bodies.enumerated() {
            let file = folder.appendingPathComponent("body-\(index).json")
            try Data(body.utf8).write(to: file)
            paths.append(file.path)
        }
        let validator = PrivateBroker.repositoryRoot.appendingPathComponent("Tests/BatchwireEventsTests/validate.py")
        let result = try await runTool("python3", [validator.path, schema.path] + paths)
        let (status, output) = (result.status, result.text)
        if status != 0 {
            Issue.record(
                Comment(
                    rawValue: "OpenLineage validation failed (exit \(status)):\n\(output)\n"
                        + bodies.joined(separator: "\n")),
                sourceLocation: sourceLocation)
        }
    }
}

/// Events of one execution whose created event carries lineage, a fire time and a parent.
struct LineageRun {
    let jobName: String
    let executionID: Int64

    static let lineage = EventLineage(
        inputs: [
            EventDataset(
                namespace: "mysql://orders-db:3306", name: "shop.orders",
                facets: [
                    "dataSource": [
                        "_producer": "urn:batchwire:test",
                        "_schemaURL":
                            "https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet",
                        "name": "orders-db", "uri": "mysql://orders-db:3306",
                    ]
                ])
        ],
        outputs: [EventDataset(namespace: "s3://analytics-lake", name: "orders/daily")])
    static let fireTime = Date(timeIntervalSince1970: 1_768_444_200)

    var created: JobCreatedEvent {
        JobCreatedEvent(
            node: "node-a", jobName: jobName, jobInstanceId: executionID, jobExecutionId: executionID,
            jobKey: "key-\(executionID)", parameters: JobParameters(), lineage: Self.lineage, fireTime: Self.fireTime)
    }

    func status(_ status: BatchStatus, previous: BatchStatus?, sequence: Int64, description: String = "")
        -> BatchwireEvent
    {
        let start = Date().addingTimeInterval(-10)
        let ended = [.completed, .failed, .stopped, .abandoned].contains(status)
        return .jobStatusChanged(
            JobStatusChangedEvent(
                sequence: sequence, node: "node-a", jobName: jobName, jobInstanceId: executionID,
                jobExecutionId: executionID, previousStatus: previous, status: status,
                exitCode: ended ? status.rawValue : "UNKNOWN", exitDescription: description, createTime: start,
                startTime: previous == nil ? nil : start, endTime: ended ? Date() : nil))
    }

    /// created, STARTING, STARTED, `end` (COMPLETED by default).
    func lifecycle(ending end: BatchStatus = .completed, description: String = "") -> [BatchwireEvent] {
        [
            .jobCreated(created), status(.starting, previous: nil, sequence: 2),
            status(.started, previous: .starting, sequence: 3),
            status(end, previous: .started, sequence: 4, description: description),
        ]
    }
}
