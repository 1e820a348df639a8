import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One step kind measured through a real `batchwire serve`: `jobs` jobs of one step each, `every: 1s`, on a new
/// SQLite file; serve's CPU time (with its reaped children) over a window, divided by the runs started in it.
struct KindCase {
    enum Kind: String, CaseIterable {
        case binTrue = "true"
        case noop, http, mqtt
    }

    struct Figures {
        let kind: Kind
        let runs: Int
        let completed: Int
        let windowSeconds: Double
        let cpuSeconds: Double
        let meanStepMilliseconds: Double

        var row: String {
            let perRun = runs > 0 ? cpuSeconds * 1000 / Double(runs) : .nan
            return String(
                format: "| %-6@ | %6d | %9d | %7.1f | %8.3f | %10.3f |", kind.rawValue as NSString, runs, completed,
                Double(runs) / windowSeconds, perRun, meanStepMilliseconds)
        }

        static let header = """
            | kind   |   runs | completed |  runs/s | CPU ms/run | step ms (mean) |
            |--------|--------|-----------|---------|------------|----------------|
            """
    }

    let kind: Kind
    let binary: String
    let jobs: Int
    let windowSeconds: Int
    let leadSeconds: Int
    let environment: [String: String]
    let responders: BenchResponders
    let directory: URL

    func stepLines() -> String {
        switch kind {
        case .binTrue: return "    command: [/bin/true]"
        case .noop: return "    noop: {}"
        case .http: return "    http: { url: \"\(responders.hookURL)\", expect: [204] }"
        case .mqtt:
            return
                "    mqtt: { topic: \"\(responders.requestTopic)\", payload: \"${execution.id}\", reply: { timeout: 10s } }"
        }
    }

    func run() async throws -> Figures {
        let schedules = directory.appendingPathComponent("schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + Double(leadSeconds)).rounded(.up))
        let formatter = ISO8601DateFormatter()
        for index in 1...jobs {
            let name = "bench-\(kind.rawValue)-\(String(format: "%04d", index))"
            let text = """
                name: \(name)
                steps:
                  - name: step
                \(stepLines())
                schedules:
                  - every: 1s
                    start: \(formatter.string(from: start))
                    overlap: skip
                    misfire: latest

                """
            try Data(text.utf8).write(to: schedules.appendingPathComponent(name + ".yaml"))
        }
        var environment = self.environment
        environment["BATCHWIRE_DATABASE_URL"] = "sqlite:" + directory.appendingPathComponent("db.sqlite").path
        environment["BATCHWIRE_SCHEDULES_DIR"] = schedules.path
        environment["BATCHWIRE_LOG_DIR"] = directory.appendingPathComponent("logs").path

        let log = directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = ["serve"]
        serve.environment = environment
        serve.currentDirectoryURL = directory
        serve.standardInput = FileHandle.nullDevice
        serve.standardOutput = handle
        serve.standardError = handle
        try serve.run()
        defer { try? handle.close() }

        // Measure from 3 s after the first fire (warm connections, loaded jobs) for the window.
        let windowStart = start.addingTimeInterval(3)
        let windowEnd = windowStart.addingTimeInterval(Double(windowSeconds))
        try await sleep(until: windowStart)
        guard serve.isRunning, let cpuBefore = ProcStats.cpu(pid: serve.processIdentifier)?.total else {
            throw BenchmarkError("serve exited before the window; see \(log.path)")
        }
        try await sleep(until: windowEnd)
        guard serve.isRunning, let cpuAfter = ProcStats.cpu(pid: serve.processIdentifier)?.total else {
            throw BenchmarkError("serve exited during the window; see \(log.path)")
        }
        kill(serve.processIdentifier, SIGTERM)
        while serve.isRunning { try await Task.sleep(for: .milliseconds(20)) }

        let row = try await query(
            """
            SELECT COUNT(*), SUM(STATUS = 'COMPLETED'),
                   AVG((julianday(END_TIME) - julianday(START_TIME)) * 86400000.0)
            FROM BATCH_STEP_EXECUTION
            WHERE START_TIME >= '\(Self.sqliteTime(windowStart))' AND START_TIME < '\(Self.sqliteTime(windowEnd))'
            """)
        return Figures(
            kind: kind, runs: Int(row[0]) ?? 0, completed: Int(row[1]) ?? 0, windowSeconds: Double(windowSeconds),
            cpuSeconds: cpuAfter - cpuBefore, meanStepMilliseconds: Double(row[2]) ?? .nan)
    }

    private func sleep(until instant: Date) async throws {
        let seconds = instant.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
    }

    /// One row of an SQLite query through the `sqlite3` shell.
    private func query(_ sql: String) async throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "sqlite3", "-batch", "-noheader", "-separator", "|", directory.appendingPathComponent("db.sqlite").path,
            sql,
        ]
        let output = directory.appendingPathComponent("query.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        try? handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "|")
    }

    /// `yyyy-MM-dd HH:mm:ss.SSSSSS` in UTC, as the metadata tables store instants in SQLite.
    static func sqliteTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        return formatter.string(from: date)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
