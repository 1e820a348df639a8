import BatchwireCore
import BatchwireTestBasics
import Foundation
import Testing

/// A test setup problem, with what to do about it.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
}

enum TestSupport {
    /// `Tests/BatchwireEventsTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The repository root.
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// The vendored OpenLineage schema (`Tests/Fixtures/spec/openlineage/OpenLineage.json`, or under
    /// `BATCHWIRE_SHARED_DIR`).
    static func openLineageSchema() throws -> URL {
        let schema = TestFixtures.openLineageSchema
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw TestSetupError(
                description: "the OpenLineage schemas are not at \(schema.path); restore Tests/Fixtures (git checkout) "
                    + "or set BATCHWIRE_SHARED_DIR to a folder holding spec/openlineage/")
        }
        return schema
    }

    /// `docs/events.schema.json`.
    static var eventsSchema: URL {
        repositoryRoot.appendingPathComponent("docs/events.schema.json")
    }

    /// Validates each document against `schema` with `validate.py`; records the validator's output as
    /// the failure message. Never skips: a missing `jsonschema` package fails the test.
    static func validate(_ documents: [Data], against schema: URL, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let file = folder.appendingPathComponent("document-\(index).json")
            try document.write(to: file)
            paths.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", testsDirectory.appendingPathComponent("validate.py").path, schema.path] + paths
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = errorPipe
        try process.run()
        let output = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            let message = "validate.py could not import jsonschema: pip install jsonschema\n\(output)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        } else if process.terminationStatus != 0 {
            let shown = zip(paths, documents).map { "\($0): \(String(decoding: $1, as: UTF8.self))" }
            let message =
                "validation against \(schema.lastPathComponent) failed (exit \(process.terminationStatus)):\n"
                + output + "\n"
                + shown.joined(separator: "\n")
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// Waits until `condition` holds, up to `timeout`.
    static func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}
