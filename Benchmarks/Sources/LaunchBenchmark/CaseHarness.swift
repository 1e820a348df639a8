import BenchmarkSupport
import Foundation

/// One case (a scenario on a store with a step kind) from an empty database to a stopped serve: the
/// steps both scenarios share.
///
/// 1. ``prepare()``: for `noop`, `batchwire validate` a probe job file (an old binary refuses the step
///    kind); then empty the database (MySQL: drop every table of the test database and `batchwire db init`;
///    SQLite: a new file that serve creates) and measure the benchmark's own statements on the idle server.
/// 2. ``launch(count:prefix:schedule:)``: write the job files for a load starting `--lead` seconds from
///    now, start serve and wait for its `batchwire serve started` line.
/// 3. ``snapshot()`` before and after the load; ``stop()`` sends SIGTERM and times the exit.
final class CaseHarness {
    /// Why a case ended early.
    struct CaseError: Error, CustomStringConvertible {
        let description: String
    }

    /// CPU times and counters at one moment.
    struct Snapshot: Sendable {
        let time: Date
        let serveCPU: ProcStats.CPUTimes?
        let mariadbCPU: ProcStats.CPUTimes?
        let counters: ServerCounters?
        /// Microseconds some task of the machine waited for a CPU, so far (PSI).
        let cpuStall: Double?
        /// The load averages.
        let loadAverage: String
    }

    let context: BenchmarkContext
    let scenario: BenchmarkOptions.Scenario
    let store: BenchmarkOptions.Store
    let step: BenchmarkOptions.StepKind
    let directory: URL
    /// serve's `database-url` (with the password).
    let databaseURL: String
    /// The same, printable.
    let printableDatabaseURL: String
    /// The benchmark's MariaDB session (MySQL cases only).
    private(set) var session: MariaDBSession?
    /// The metadata reader: the session, or the `sqlite3` shell.
    private(set) var reader: (any MetadataReader)?
    /// The benchmark's statements on the idle server (MySQL only).
    private(set) var ownCost: OwnStatementCost?
    /// Other client sessions seen on the server before serve started.
    private(set) var otherSessions: [String] = []
    private(set) var serve: ServeProcess?
    /// Seconds from starting serve to its `started` line, and the number of jobs it says it loaded.
    private(set) var startup: (seconds: Double, jobs: Int?)?
    /// How many progress polls ran between the two snapshots.
    var polls = 0

    init(context: BenchmarkContext, scenario: BenchmarkOptions.Scenario, store: BenchmarkOptions.Store,
         step: BenchmarkOptions.StepKind) throws
    {
        self.context = context
        self.scenario = scenario
        self.store = store
        self.step = step
        directory = context.root.appendingPathComponent("\(scenario.rawValue)-\(store.rawValue)-\(step.rawValue)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("logs"), withIntermediateDirectories: true)
        switch store {
        case .mysql:
            guard let address = context.mysql else {
                throw CaseError(description: "BATCHWIRE_TEST_MYSQL_* are not set; source the MariaDB env.sh first")
            }
            databaseURL = address.databaseURL
            printableDatabaseURL = address.maskedURL
        case .sqlite:
            let path = directory.appendingPathComponent("batchwire.sqlite").path
            databaseURL = "sqlite:" + path
            printableDatabaseURL = databaseURL
        }
    }

    var environment: [String: String] { context.serveEnvironment(databaseURL: databaseURL, directory: directory) }

    /// The exact command serve runs as, the password masked.
    var serveCommandLine: String {
        context.serveSettings(databaseURL: printableDatabaseURL, directory: directory)
            .map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " \(context.options.batchwirePath) serve"
    }

    /// Checks the step kind and empties the database.
    /// - Returns: `nil` when ready, or why the binary cannot run this case (`noop` unknown to it).
    func prepare() async throws -> String? {
        if step == .noop, let refusal = try await probeStepKind() { return refusal }
        switch store {
        case .mysql:
            guard let address = context.mysql else { throw CaseError(description: "no MariaDB address") }
            let session = try await MariaDBSession.connect(address)
            self.session = session
            reader = session
            let dropped = try await session.dropAllTables()
            progress("dropped \(dropped) table(s) in \(address.database)")
            let initialized = try await Subprocess.run(
                context.options.batchwirePath, ["db", "init"], environment: environment, scratch: directory)
            guard initialized.status == 0 else {
                throw CaseError(description: "batchwire db init failed (\(initialized.status)): \(initialized.firstMessageLine)")
            }
            otherSessions = try await session.otherSessions()
            ownCost = try await measureOwnCost(session)
        case .sqlite:
            reader = SQLiteReader(path: String(databaseURL.dropFirst("sqlite:".count)), scratch: directory)
        }
        return nil
    }

    /// Writes the jobs, starts serve and waits until it has started.
    /// - Parameters:
    ///   - count: how many jobs.
    ///   - prefix: their names' prefix.
    ///   - schedule: the schedule block for the load's start instant.
    /// - Returns: the load's start instant: a whole second `--lead` seconds from now.
    func launch(count: Int, prefix: String, schedule: (Date) -> String) async throws -> Date {
        let instant = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + Double(context.options.leadSeconds)).rounded(.up))
        try JobFileWriter.write(
            count: count, prefix: prefix, step: step, schedule: schedule(instant),
            into: directory.appendingPathComponent("schedules"))
        let serve = ServeProcess(binary: context.options.batchwirePath, environment: environment, directory: directory)
        self.serve = serve
        do {
            try serve.start()
        } catch {
            throw CaseError(description: "could not start \(context.options.batchwirePath): \(error)")
        }
        progress("serve pid \(serve.pid) started; load begins at \(UTCText.iso(instant))")
        guard let started = try await serve.waitUntilStarted(deadline: instant.addingTimeInterval(-3)) else {
            let why = serve.isRunning ? "did not log `batchwire serve started` 3 s before the load" : "exited (\(serve.exitText))"
            throw CaseError(description: "serve \(why); last lines of \(serve.logURL.path):\n\(serve.logTail())")
        }
        startup = started
        progress(String(format: "serve started after %.2f s with ", started.seconds) + (started.jobs.map(String.init) ?? "?") + " jobs")
        if let jobs = started.jobs, jobs < count {
            throw CaseError(
                description: "serve loaded \(jobs) of \(count) jobs; last lines of \(serve.logURL.path):\n\(serve.logTail())")
        }
        return instant
    }

    /// Writes one job file, starts serve with `extra` settings on top of the case's and waits until serve has
    /// logged `line` (at most `seconds`).
    func launch(jobFile: String, extra: [String: String], waitingFor line: String, seconds: Double = 60) async throws {
        let schedules = directory.appendingPathComponent("schedules")
        try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        try jobFile.write(to: schedules.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let serve = ServeProcess(
            binary: context.options.batchwirePath, environment: environment.merging(extra) { _, new in new },
            directory: directory)
        self.serve = serve
        try serve.start()
        let deadline = Date().addingTimeInterval(seconds)
        while !serve.logText().contains(line) {
            try checkServeRunning()
            guard Date() < deadline else {
                throw CaseError(description: "serve did not log `\(line)` within \(seconds) s:\n\(serve.logTail())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        progress("serve pid \(serve.pid) ready (\(line))")
    }

    /// CPU times and counters now.
    func snapshot() async throws -> Snapshot {
        let counters = try await session?.counters()
        return Snapshot(
            time: Date(), serveCPU: serve.flatMap { ProcStats.cpu(pid: $0.pid) },
            mariadbCPU: store == .mysql ? context.mariadbPID.flatMap { ProcStats.cpu(pid: $0) } : nil,
            counters: counters, cpuStall: ProcStats.stallMicroseconds("cpu"), loadAverage: ProcStats.loadAverage())
    }

    /// Sleeps until `date`; throws if serve exits meanwhile.
    func sleep(until date: Date) async throws {
        while Date() < date {
            try checkServeRunning()
            try await Task.sleep(for: .milliseconds(Int(min(200, max(1, date.timeIntervalSinceNow * 1000)))))
        }
    }

    func checkServeRunning() throws {
        if let serve, !serve.isRunning {
            throw CaseError(description: "serve exited (\(serve.exitText)); last lines of \(serve.logURL.path):\n\(serve.logTail())")
        }
    }

    /// SIGTERM and the time to exit.
    func stop() async -> ServeProcess.Stop? {
        guard let serve else { return nil }
        return await serve.stop(timeout: Double(context.options.stopTimeoutSeconds))
    }

    /// Stops serve if it still runs and closes the session (after a failure too).
    func close() async {
        if let serve, serve.isRunning { _ = await serve.stop(timeout: Double(context.options.stopTimeoutSeconds)) }
        await session?.close()
    }

    /// A progress line on standard error.
    func progress(_ text: String) {
        FileHandle.standardError.write(Data("  [\(scenario.rawValue)/\(store.rawValue)/\(step.rawValue)] \(text)\n".utf8))
    }

    /// Validates one job file with this step kind.
    private func probeStepKind() async throws -> String? {
        let probe = directory.appendingPathComponent("probe")
        let file = try JobFileWriter.write(
            count: 1, prefix: "probe", step: step, schedule: JobFileWriter.everySecondSchedule(start: Date()), into: probe)
        let result = try await Subprocess.run(
            context.options.batchwirePath, ["validate", file.path], environment: environment, scratch: directory)
        try? FileManager.default.removeItem(at: probe)
        guard result.status != 0 else { return nil }
        return "\(step.rawValue): not supported by this binary (validate: \(result.firstMessageLine))"
    }

    /// What one counter reading and one progress poll add to the counters, on the server before serve runs.
    private func measureOwnCost(_ session: MariaDBSession) async throws -> OwnStatementCost {
        let first = try await session.counters()
        let second = try await session.counters()
        _ = try await RunRecords.progress(session)
        let third = try await session.counters()
        let snapshot = second - first
        return OwnStatementCost(snapshot: snapshot, poll: third - second - snapshot)
    }
}
