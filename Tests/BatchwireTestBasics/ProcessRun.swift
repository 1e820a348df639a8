import Foundation

/// What a finished process printed and how it ended.
package struct ProcessResult: Sendable {
    /// The exit status.
    package let status: Int32
    /// Standard output and standard error, interleaved.
    package let text: String
}

/// Runs a program to its end without blocking a cooperative thread (the termination handler resumes
/// the task), with standard output and standard error in one pipe.
/// - Parameters:
///   - executable: the program (`/usr/bin/env` with the tool's name first in `arguments` to search `PATH`).
///   - arguments: its arguments.
///   - environment: its environment; `nil` for this process's.
/// - Throws: when the program cannot be started.
package func runProcess(
    _ executable: URL, _ arguments: [String], environment: [String: String]? = nil
) async throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return ProcessResult(status: status, text: text)
}

/// Runs a tool found on `PATH` (through `/usr/bin/env`), as ``runProcess(_:_:environment:)`` does.
package func runTool(
    _ tool: String, _ arguments: [String], environment: [String: String]? = nil
) async throws -> ProcessResult {
    try await runProcess(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, environment: environment)
}
