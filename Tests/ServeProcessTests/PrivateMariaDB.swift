import BatchwireStore
import BatchwireTestSupport
import Foundation
import MySQLClient

/// A MariaDB server of one test's own, started and stopped with `scripts/mariadb.sh` (its own folder and
/// port), for tests that take the database away: the shared server of `scripts/services.sh` serves other
/// tests running in parallel and must never be stopped.
///
/// ```swift
/// try await PrivateMariaDB.with { database in
///     … database.databaseURL …
///     try await database.stop()    // an outage: the data stays
///     try await database.start()   // the same server again
/// }   // always stopped, its folder deleted
/// ```
///
/// Not `Sendable`: a test owns its server and uses it from its own task only.
final class PrivateMariaDB {
    /// The port the tests prefer (the shared server uses 33507, the benchmarks' 33607).
    static let preferredPort = 33627

    /// The repository's root, found from this file's path (`Tests/ServeProcessTests/PrivateMariaDB.swift`).
    static func repositoryRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `BATCHWIRE_SERVICES_DIR` of this server: the data lives in `<directory>/mariadb`.
    let directory: URL
    let port: Int
    let script: URL
    /// What `scripts/mariadb.sh` exported in its env file (`BATCHWIRE_TEST_MYSQL_*`).
    private(set) var variables: [String: String] = [:]
    /// Every run of the script, for failure messages.
    private var scriptLog: [String] = []

    struct ScriptFailed: Error, CustomStringConvertible {
        let description: String
    }

    private init(directory: URL, port: Int) {
        self.directory = directory
        self.port = port
        script = Self.repositoryRoot().appendingPathComponent("scripts/mariadb.sh")
    }

    /// Starts a fresh server on a free port near ``preferredPort``, runs `body`, and always stops the server
    /// and deletes its folder.
    static func with(_ body: (PrivateMariaDB) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-private-mariadb-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = PrivateMariaDB(directory: directory, port: try freePort(from: preferredPort))
        var failure: (any Error)?
        do {
            try await database.start()
            try await body(database)
        } catch {
            failure = error
            print(database.diagnostics())
        }
        do {
            try await database.stop()
        } catch {
            print("could not stop the private MariaDB: \(error)\n\(database.diagnostics())")
            failure = failure ?? error
        }
        try? FileManager.default.removeItem(at: directory)
        if let failure { throw failure }
    }

    /// `scripts/mariadb.sh start`: initialises the data folder the first time, starts the server, and reads
    /// the credentials from its env file. Returns once the server answers.
    func start() async throws {
        try await run("start", within: 180)
        variables = try Self.readEnvironmentFile(directory.appendingPathComponent("mariadb/env.sh"))
    }

    /// `scripts/mariadb.sh stop`: stops the server by its recorded PID and waits for it to exit. The data
    /// stays; ``start()`` brings the same server back.
    func stop() async throws {
        try await run("stop", within: 120)
    }

    private func value(_ name: String) throws -> String {
        guard let value = variables[name], !value.isEmpty else {
            throw ScriptFailed(description: "\(name) is not in the private MariaDB's env file (was it started?)")
        }
        return value
    }

    /// The server as a `batchwire` database URL.
    func databaseURL() throws -> String {
        let user = try value("BATCHWIRE_TEST_MYSQL_USER")
        let password = try value("BATCHWIRE_TEST_MYSQL_PASSWORD")
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        let encodedPassword = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "mysql://\(encodedUser):\(encodedPassword)@\(try value("BATCHWIRE_TEST_MYSQL_HOST")):\(port)/"
            + (try value("BATCHWIRE_TEST_MYSQL_DATABASE"))
    }

    /// The server for a direct connection of the test itself.
    func mysqlConfiguration() throws -> MySQLConfiguration {
        MySQLConfiguration(
            host: try value("BATCHWIRE_TEST_MYSQL_HOST"), port: port, user: try value("BATCHWIRE_TEST_MYSQL_USER"),
            password: try value("BATCHWIRE_TEST_MYSQL_PASSWORD"), database: try value("BATCHWIRE_TEST_MYSQL_DATABASE"),
            connectTimeout: .seconds(10))
    }

    /// What the script printed, and the server's error log's last lines.
    func diagnostics() -> String {
        let errorLog = directory.appendingPathComponent("mariadb/error.log")
        let tail = ((try? String(contentsOf: errorLog, encoding: .utf8)) ?? "").split(separator: "\n").suffix(20)
        return "private MariaDB \(directory.path) on port \(port)\n" + scriptLog.joined(separator: "\n")
            + "\n--- error.log, last lines:\n" + tail.joined(separator: "\n")
    }

    /// Runs `bash scripts/mariadb.sh <command>` for this server and waits for it, without blocking a thread
    /// of the cooperative pool.
    private func run(_ command: String, within seconds: Double) async throws {
        let output = directory.appendingPathComponent("mariadb-\(command)-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Foundation learns that a child ended when every copy of a socket it hands the child is closed; the
        // server the script starts in the background would inherit it and keep `isRunning` true until the
        // server exits. So the shell closes every descriptor above 2 before it runs the script.
        let closeInherited =
            "for fd in /proc/$$/fd/*; do n=${fd##*/}; "
            + "if [ \"$n\" -gt 2 ] && [ -e \"$fd\" ]; then eval \"exec $n>&-\"; fi; done; "
        process.arguments = ["-c", closeInherited + "exec /bin/bash \"$0\" \"$1\"", script.path, command]
        var environment = ProcessInfo.processInfo.environment
        environment["BATCHWIRE_SERVICES_DIR"] = directory.path
        environment["BATCHWIRE_MYSQL_PORT"] = "\(port)"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let started = Date()
        try process.run()
        do {
            try await eventually("scripts/mariadb.sh \(command)", within: seconds, every: .milliseconds(100)) { !process.isRunning }
        } catch {
            process.terminate()
            throw error
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let took = String(format: "%.1f", Date().timeIntervalSince(started))
        scriptLog.append("$ scripts/mariadb.sh \(command) (\(took) s, exit \(process.terminationStatus))\n\(text)")
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ScriptFailed(
                description: "scripts/mariadb.sh \(command) failed (exit \(process.terminationStatus)):\n\(text)")
        }
    }

    /// The `export NAME=value` lines of an env file.
    private static func readEnvironmentFile(_ url: URL) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[line.index(line.startIndex, offsetBy: 7)..<equals]
            values[String(name)] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// The first port from `first` on that nothing listens on (bound and released again to check).
    static func freePort(from first: Int) throws -> Int {
        for port in first..<(first + 100) where isFree(port: port) { return port }
        throw ScriptFailed(description: "no free TCP port on 127.0.0.1 in \(first)..<\(first + 100)")
    }

    private static func isFree(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// `batchwire` processes against a ``PrivateMariaDB``: like ``ServeSite`` (a temporary folder with
/// `schedules/`, logs, the `BATCHWIRE_*` environment), but on the test's own server, so the test can stop it.
final class PrivateServeSite {
    let directory: URL
    let schedules: URL
    let databaseURL: String
    let tablePrefix = "BATCH_"
    let binary: BatchwireBinary
    private(set) var environment: [String: String]
    private var processes: [BatchwireProcess] = []

    /// Runs `body` on a fresh site on `database` (after `batchwire db init`), and always kills what is left
    /// and deletes the folder.
    static func with(_ database: PrivateMariaDB, _ body: (PrivateServeSite) async throws -> Void) async throws {
        let site = try PrivateServeSite(databaseURL: try database.databaseURL())
        var failure: (any Error)?
        do {
            defer { site.killLeftovers() }
            let initialize = try await site.run(["db", "init"])
            guard initialize.end == .exited(0), initialize.output.contains("schema matches") else {
                throw CommandFailed(command: "batchwire db init", result: initialize)
            }
            try await body(site)
        } catch {
            failure = error
            print(site.diagnostics())
        }
        try? FileManager.default.removeItem(at: site.directory)
        if let failure { throw failure }
    }

    private init(databaseURL: String) throws {
        self.databaseURL = databaseURL
        binary = try BatchwireBinary.locate()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-outage-\(UUID().uuidString.prefix(8))", isDirectory: true)
        schedules = directory.appendingPathComponent("schedules", isDirectory: true)
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        environment = [
            "BATCHWIRE_DATABASE_URL": databaseURL,
            "BATCHWIRE_TABLE_PREFIX": tablePrefix,
            "BATCHWIRE_SCHEDULES_DIR": schedules.path,
            "BATCHWIRE_LOG_DIR": directory.appendingPathComponent("logs").path,
            "BATCHWIRE_LISTENERS": "logging",
        ]
    }

    /// Adds settings (e.g. the broker's) for every process started from now on.
    func setEnvironment(_ values: [String: String]) {
        environment.merge(values) { _, new in new }
    }

    /// Writes a job file into `schedules/`.
    func writeJob(_ file: String, _ yaml: String) throws {
        try yaml.write(to: schedules.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// Starts `batchwire serve` as node `node`.
    func serve(node: String, arguments: [String] = []) throws -> BatchwireProcess {
        try spawn(["serve"] + arguments, name: "serve-\(node)", environment: ["BATCHWIRE_NODE_ID": node])
    }

    /// Runs a `batchwire` command to its end (at most `seconds`).
    func run(_ arguments: [String], within seconds: Double = 120) async throws -> CommandResult {
        let process = try spawn(arguments, name: arguments.first ?? "batchwire", environment: [:])
        let end = try await process.waitForEnd(within: seconds)
        return CommandResult(end: end, output: process.standardOutput, error: process.standardError)
    }

    /// Runs `body` with a store on the site's database open for the test's own reads.
    func withStore<T>(_ body: (MetadataStore) async throws -> T) async throws -> T {
        let store = try await MetadataStore.open(
            MetadataStoreConfiguration(location: try DatabaseLocation(url: databaseURL), tablePrefix: tablePrefix))
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    func diagnostics() -> String {
        "site \(directory.path) (private MariaDB)\n" + processes.map { $0.errorTail() }.joined(separator: "\n")
    }

    func killLeftovers() {
        for process in processes { process.killIfRunning() }
    }

    private func spawn(_ arguments: [String], name: String, environment extra: [String: String]) throws
        -> BatchwireProcess
    {
        let process = try BatchwireProcess(
            binary: binary, arguments: arguments,
            environment: BatchwireProcess.siteEnvironment(environment, extra: extra), directory: directory, name: name)
        processes.append(process)
        return process
    }
}

/// Direct SQL reads of a site's metadata tables (Spring's and Batchwire's), for checks the store's API has
/// no query for: every unfinished execution with its lease row, the newest id, runs per job.
struct MetadataReads {
    let connection: MySQLConnection
    let prefix: String

    static func connect(_ configuration: MySQLConfiguration, prefix: String) async throws -> MetadataReads {
        MetadataReads(connection: try await MySQLConnection.connect(configuration: configuration), prefix: prefix)
    }

    func close() async { await connection.close() }

    /// An execution in STARTING, STARTED or STOPPING, with its ownership lease row if there is one.
    struct Unfinished: Hashable, CustomStringConvertible {
        let id: Int64
        let job: String
        let status: String
        let leaseNode: String?
        let leaseExpiresAt: Date?

        var description: String {
            let lease = leaseNode.map { "lease of \($0) until \(leaseExpiresAt.map { $0.formatted(.iso8601) } ?? "?")" }
            return "\(id) \(job) \(status) (\(lease ?? "no lease row"))"
        }
    }

    /// The highest execution id so far (0 when none).
    func maxExecutionID() async throws -> Int64 {
        let rows = try await connection.query("SELECT MAX(JOB_EXECUTION_ID) AS M FROM \(prefix)JOB_EXECUTION")
        guard let row = rows.first, !(try row.isNull("M")) else { return 0 }
        return try row.int64("M")
    }

    /// Every execution with an id up to `maxID` that is not terminal (Spring's running statuses).
    func unfinishedExecutions(upTo maxID: Int64) async throws -> [Unfinished] {
        let rows = try await connection.query(
            "SELECT e.JOB_EXECUTION_ID AS ID, i.JOB_NAME AS JOB, e.STATUS AS STATUS, o.NODE_ID AS NODE, "
                + "o.LEASE_EXPIRES_AT AS EXPIRES FROM \(prefix)JOB_EXECUTION e "
                + "JOIN \(prefix)JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID "
                + "LEFT JOIN \(prefix)BW_EXECUTION_OWNER o ON o.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID "
                + "WHERE e.STATUS IN ('STARTING', 'STARTED', 'STOPPING') AND e.JOB_EXECUTION_ID <= ? "
                + "ORDER BY e.JOB_EXECUTION_ID", [.int64(maxID)])
        return try rows.map { row in
            Unfinished(
                id: try row.int64("ID"), job: try row.string("JOB"), status: try row.string("STATUS"),
                leaseNode: try row.isNull("NODE") ? nil : try row.string("NODE"),
                leaseExpiresAt: try row.isNull("EXPIRES") ? nil : try row.date("EXPIRES"))
        }
    }

    /// The jobs with a COMPLETED execution whose id is above `id`.
    func jobsCompleted(after id: Int64) async throws -> Set<String> {
        let rows = try await connection.query(
            "SELECT DISTINCT i.JOB_NAME AS JOB FROM \(prefix)JOB_EXECUTION e "
                + "JOIN \(prefix)JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID "
                + "WHERE e.STATUS = 'COMPLETED' AND e.JOB_EXECUTION_ID > ?", [.int64(id)])
        return Set(try rows.map { try $0.string("JOB") })
    }

    /// How many claimed slots have no outcome yet, per claiming node.
    func undecidedClaims() async throws -> [String: Int64] {
        let rows = try await connection.query(
            "SELECT NODE_ID AS N, COUNT(*) AS C FROM \(prefix)BW_FIRED_SLOT WHERE OUTCOME IS NULL GROUP BY NODE_ID")
        var counts: [String: Int64] = [:]
        for row in rows { counts[try row.string("N")] = try row.int64("C") }
        return counts
    }

    /// One row of `<prefix>BW_FIRED_SLOT`, with the create time of the execution it started.
    struct Slot {
        let scheduleID: String
        let fireTime: Date
        let nodeID: String
        let outcome: String?
        let executionID: Int64?
        /// When the execution was created (Spring's wall-clock column, read in this process's zone).
        let executionCreated: Date?

        /// How late the run was created after its slot.
        var lateness: TimeInterval? { executionCreated.map { $0.timeIntervalSince(fireTime) } }
    }

    /// Every fired-slot row, oldest first.
    func firedSlots() async throws -> [Slot] {
        let rows = try await connection.query(
            "SELECT f.SCHEDULE_ID AS S, f.FIRE_TIME AS T, f.NODE_ID AS N, f.OUTCOME AS O, "
                + "f.JOB_EXECUTION_ID AS E, e.CREATE_TIME AS C FROM \(prefix)BW_FIRED_SLOT f "
                + "LEFT JOIN \(prefix)JOB_EXECUTION e ON e.JOB_EXECUTION_ID = f.JOB_EXECUTION_ID "
                + "ORDER BY f.FIRE_TIME, f.SCHEDULE_ID")
        return try rows.map { row in
            Slot(
                scheduleID: try row.string("S"), fireTime: try row.date("T"), nodeID: try row.string("N"),
                outcome: try row.isNull("O") ? nil : try row.string("O"),
                executionID: try row.isNull("E") ? nil : try row.int64("E"),
                executionCreated: try row.isNull("C") ? nil : wallClockInstant(try row.date("C")))
        }
    }
}

/// The instant a Spring wall-clock column names: the client reads `DATETIME` fields as UTC, while Spring's
/// columns hold the writer's local time (the daemon runs in this process's zone).
func wallClockInstant(_ fieldsAsUTC: Date) -> Date {
    fieldsAsUTC.addingTimeInterval(-Double(TimeZone.current.secondsFromGMT(for: fieldsAsUTC)))
}
