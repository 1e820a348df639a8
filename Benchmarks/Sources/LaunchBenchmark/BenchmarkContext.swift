import BenchmarkSupport
import Foundation

/// What every case shares: the options, the binary, the MariaDB under test and the work folder.
struct BenchmarkContext: Sendable {
    let options: BenchmarkOptions
    /// The MariaDB address, when the `BATCHWIRE_TEST_MYSQL_*` variables are set.
    let mysql: MariaDBSession.Address?
    /// mariadbd's pid, from the pid file (checked against the port it listens on).
    let mariadbPID: Int32?
    /// Why there is no pid, for the report.
    let mariadbPIDNote: String
    /// This run's folder; one subfolder per case.
    let root: URL
    /// The benchmark's environment, from which serve's is derived.
    let environment: [String: String]

    init(options: BenchmarkOptions, environment: [String: String]) throws {
        self.options = options
        self.environment = environment
        mysql = MariaDBSession.Address(environment: environment)
        var pid: Int32?
        var note = ""
        if let text = try? String(contentsOfFile: options.mariadbPidFile, encoding: .utf8),
            let number = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let arguments = ProcStats.commandLine(pid: number)
        {
            if let mysql, let portArgument = arguments.first(where: { $0.hasPrefix("--port=") }),
                portArgument != "--port=\(mysql.port)"
            {
                note = "pid \(number) in \(options.mariadbPidFile) listens on \(portArgument.dropFirst(7)), "
                    + "not BATCHWIRE_TEST_MYSQL_PORT=\(mysql.port): mariadbd CPU not measured"
            } else {
                pid = number
                note = "pid \(number) from \(options.mariadbPidFile)"
            }
        } else {
            note = "no live process in \(options.mariadbPidFile): mariadbd CPU not measured"
        }
        mariadbPID = pid
        mariadbPIDNote = note
        let stamp = Int(Date().timeIntervalSince1970)
        root = URL(fileURLWithPath: options.workDirectory)
            .appendingPathComponent("launch-benchmark-\(stamp)-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// serve's environment: the benchmark's without any `BATCHWIRE_*` variable (no configuration file,
    /// broker or other setting leaks in), plus the settings of the case. `TZ=UTC` makes the Spring tables'
    /// wall-clock columns UTC.
    func serveEnvironment(databaseURL: String, directory: URL) -> [String: String] {
        var environment = self.environment.filter { !$0.key.hasPrefix("BATCHWIRE_") }
        for (key, value) in serveSettings(databaseURL: databaseURL, directory: directory) { environment[key] = value }
        return environment
    }

    /// The variables the benchmark sets for serve, in print order.
    func serveSettings(databaseURL: String, directory: URL) -> [(String, String)] {
        [
            ("TZ", "UTC"),
            ("BATCHWIRE_DATABASE_URL", databaseURL),
            ("BATCHWIRE_SCHEDULES_DIR", directory.appendingPathComponent("schedules").path),
            ("BATCHWIRE_NODE_ID", "launch-benchmark"),
            ("BATCHWIRE_LOG_DIR", directory.appendingPathComponent("logs").path),
            ("BATCHWIRE_LOG_LEVEL", options.logLevel),
        ]
    }
}
