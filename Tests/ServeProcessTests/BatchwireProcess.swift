import BatchwireTestSupport
import Foundation

/// The `batchwire` executable these tests drive: the one `swift build` put next to the test bundle.
struct BatchwireBinary: Sendable {
    let url: URL

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "\(path) does not exist: build the package (swift build --build-tests) before running these tests"
        }
    }

    static func locate() throws -> BatchwireBinary {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let url = bundle.deletingLastPathComponent().appendingPathComponent("batchwire")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing(path: url.path) }
        return BatchwireBinary(url: url)
    }
}

/// How a process ended.
enum ProcessEnd: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }
}

/// One spawned `batchwire` process with its standard output and error in files of its own.
///
/// Not `Sendable`: each test owns its processes and uses them from its own task only.
final class BatchwireProcess {
    /// What the test calls it (a node id, or the command).
    let name: String
    let process: Process
    let outputURL: URL
    let errorURL: URL
    /// When ``terminate()`` sent SIGTERM.
    private(set) var terminatedAt: Date?

    /// The environment of a process a site starts: this test process's, without the developer's own
    /// `BATCHWIRE_*` settings (the `BATCHWIRE_TEST_*` ones stay, they are the services'), with the site's
    /// `environment` and then the process's `extra` settings over it.
    static func siteEnvironment(_ environment: [String: String], extra: [String: String]) -> [String: String] {
        var inherited = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("BATCHWIRE_") || $0.key.hasPrefix("BATCHWIRE_TEST_")
        }
        inherited.merge(environment) { _, new in new }
        inherited.merge(extra) { _, new in new }
        return inherited
    }

    /// Starts `binary arguments…` in `directory` with exactly `environment`.
    init(binary: BatchwireBinary, arguments: [String], environment: [String: String], directory: URL, name: String)
        throws
    {
        self.name = name
        let tag = "\(name)-\(UUID().uuidString.prefix(8))"
        outputURL = directory.appendingPathComponent("\(tag).stdout")
        errorURL = directory.appendingPathComponent("\(tag).stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process = Process()
        process.executableURL = binary.url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Everything it wrote to standard output so far.
    var standardOutput: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
    /// Everything it wrote to standard error so far (`batchwire serve` logs there).
    var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

    /// The last `lines` lines of standard error, for failure messages.
    func errorTail(_ lines: Int = 40) -> String {
        let all = standardError.split(separator: "\n", omittingEmptySubsequences: false)
        return "--- \(name) (pid \(pid)) stderr, last \(min(lines, all.count)) lines:\n"
            + all.suffix(lines).joined(separator: "\n")
    }

    /// Waits until standard error contains `text`.
    /// - Throws: ``ExitedEarly`` when the process ends first, ``TimedOut`` after `seconds`.
    func waitForError(containing text: String, within seconds: Double = 120) async throws {
        try await eventually("\(name) to log '\(text)'", within: seconds, every: .milliseconds(100)) {
            if standardError.contains(text) { return true }
            guard process.isRunning else { throw ExitedEarly(waitingFor: text, tail: errorTail()) }
            return false
        }
    }

    /// Sends SIGTERM (what an orchestrator sends to stop a node).
    func terminate() {
        terminatedAt = Date()
        kill(pid, SIGTERM)
    }

    /// Waits for the process to end, without blocking a thread of the cooperative pool.
    /// - Throws: ``TimedOut`` when it still runs after `seconds` (it is then killed with SIGKILL).
    func waitForEnd(within seconds: Double) async throws -> ProcessEnd {
        do {
            try await eventually("\(name) (pid \(pid)) to exit", within: seconds, every: .milliseconds(100)) { !process.isRunning }
        } catch {
            killIfRunning()
            throw error
        }
        switch process.terminationReason {
        case .exit: return .exited(process.terminationStatus)
        case .uncaughtSignal: return .signalled(process.terminationStatus)
        @unknown default: return .exited(process.terminationStatus)
        }
    }

    /// Kills it with SIGKILL if it still runs: for `defer`, so no test leaves a process behind. (Foundation
    /// reaps it; nothing here waits.)
    func killIfRunning() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
    }
}

/// A process ended while the test still waited for it to do something.
struct ExitedEarly: Error, CustomStringConvertible {
    let waitingFor: String
    let tail: String
    var description: String { "the process exited before logging '\(waitingFor)'\n\(tail)" }
}
