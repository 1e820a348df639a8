import Foundation

/// A short command (`batchwire validate`, `batchwire db init`, `sqlite3`) run to completion.
///
/// Its output goes to files in a scratch folder rather than pipes, so a large output never blocks it.
enum Subprocess {
    struct Result: Sendable {
        let status: Int32
        let output: String
        let errorOutput: String

        /// The first non-empty line of standard error, else of standard output.
        var firstMessageLine: String {
            let lines = (errorOutput + "\n" + output).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.first { !$0.isEmpty } ?? "(no output)"
        }
    }

    struct LaunchError: Error, CustomStringConvertible {
        let executable: String
        let underlying: any Error
        var description: String { "could not start \(executable): \(underlying)" }
    }

    /// Runs `executable` with `arguments` and waits for it.
    /// - Parameters:
    ///   - environment: the whole environment of the child; the benchmark's own when `nil`.
    ///   - scratch: where the output files go (removed afterwards).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, scratch: URL
    ) async throws -> Result {
        let name = UUID().uuidString.prefix(8)
        let outURL = scratch.appendingPathComponent("out-\(name).txt")
        let errURL = scratch.appendingPathComponent("err-\(name).txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = scratch
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        do {
            try process.run()
        } catch {
            throw LaunchError(executable: executable, underlying: error)
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(2)) }
        try? outHandle.close()
        try? errHandle.close()
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let errorOutput = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output, errorOutput: errorOutput)
    }
}
