import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `batchwire serve` under test: started with Foundation's `Process`, its standard output and error
/// in `serve.log`, stopped with SIGTERM.
final class ServeProcess {
    /// How serve stopped.
    struct Stop: Sendable {
        /// From SIGTERM to the process's exit, in seconds.
        let seconds: Double
        /// The exit status, or the signal that ended it.
        let status: String
        /// Whether the benchmark had to SIGKILL it after the stop timeout.
        let killed: Bool
    }

    let process = Process()
    let logURL: URL
    /// When `run()` returned.
    private(set) var startedAt = Date()

    /// Prepares serve; nothing runs until ``start()``.
    /// - Parameters:
    ///   - binary: the `batchwire` executable.
    ///   - environment: serve's whole environment.
    ///   - directory: its working folder, where `serve.log` goes too.
    init(binary: String, environment: [String: String], directory: URL) {
        logURL = directory.appendingPathComponent("serve.log")
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"]
        process.environment = environment
        process.currentDirectoryURL = directory
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Starts serve.
    func start() throws {
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        startedAt = Date()
        try? log.close()
    }

    /// The log so far.
    func logText() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// The last `count` lines of the log.
    func logTail(_ count: Int = 15) -> String {
        logText().split(separator: "\n").suffix(count).map { "    | " + $0 }.joined(separator: "\n")
    }

    /// Waits until serve logs `batchwire serve started`, exits, or `deadline` passes.
    /// - Returns: the seconds from start to the line and the `jobs=` count it names, or `nil` on exit or timeout.
    func waitUntilStarted(deadline: Date) async throws -> (seconds: Double, jobs: Int?)? {
        while Date() < deadline {
            let text = logText()
            if let line = text.split(separator: "\n").first(where: { $0.contains("batchwire serve started") }) {
                let seconds = Date().timeIntervalSince(startedAt)
                return (seconds, Self.jobsCount(in: String(line)))
            }
            if !process.isRunning { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// The number after `jobs=` in a log line.
    private static func jobsCount(in line: String) -> Int? {
        guard let range = line.range(of: "jobs=") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// Sends SIGTERM and waits for the exit, SIGKILLing after `timeout` seconds.
    func stop(timeout: Double) async -> Stop {
        guard process.isRunning else {
            return Stop(seconds: 0, status: "had already exited (\(exitText))", killed: false)
        }
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        var killed = false
        while process.isRunning {
            if !killed, Date().timeIntervalSince(sent) > timeout {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return Stop(seconds: Date().timeIntervalSince(sent), status: exitText, killed: killed)
    }

    /// `exit 0` or `signal 9`.
    var exitText: String {
        process.terminationReason == .exit ? "exit \(process.terminationStatus)" : "signal \(process.terminationStatus)"
    }
}
