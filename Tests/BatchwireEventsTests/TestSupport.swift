import BatchwireCore
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

    /// The shared folder (`BATCHWIRE_SHARED_DIR`, else `shared/` beside the repository).
    static func sharedDirectory() throws -> URL {
        let candidate: URL
        if let fromEnvironment = ProcessInfo.processInfo.environment["BATCHWIRE_SHARED_DIR"], !fromEnvironment.isEmpty {
            candidate = URL(fileURLWithPath: fromEnvironment)
        } else {
            candidate = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        }
        let marker = candidate.appendingPathComponent("spec/openlineage/OpenLineage.json")
        guard FileManager.default.fileExists(atPath: marker.path) else {
            throw TestSetupError(
                description: "the OpenLineage schemas are not at \(marker.path); set BATCHWIRE_SHARED_DIR to the "
                    + "shared/ folder (the one holding spec/openlineage/) or check it out beside the repository")
        }
        return candidate
    }

    /// `shared/spec/openlineage/OpenLineage.json`.
    static func openLineageSchema() throws -> URL {
        try sharedDirectory().appendingPathComponent("spec/openlineage/OpenLineage.json")
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
