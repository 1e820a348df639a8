import BenchmarkSupport
import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging

/// One size of the benchmark, start to finish: a fresh SQLite store, a registry of `size` rare jobs and
/// the fast job, a real scheduler on `ContinuousClock`, an idle window and a busy window.
struct SizeRun {
    static let nodeID = "bench-node"

    let size: Int
    let settings: BenchmarkSettings
    let clock = ContinuousClock()
    let log = FireLog()
    var report: SizeReport

    /// Runs every phase for `size` schedules and returns the figures.
    static func run(size: Int, settings: BenchmarkSettings) async throws -> SizeReport {
        var run = SizeRun(size: size, settings: settings, report: SizeReport(size: size))
        try await run.run()
        return run.report
    }

    private mutating func run() async throws {
        print("== \(size) schedules (load average \(ProcStats.loadAverage()))")
        let parent =
            settings.databaseDirectory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let directory = parent.appendingPathComponent("batchwire-schedbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await MetadataStore.open(
            MetadataStoreConfiguration(location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path)))
        _ = try await store.initializeSchema()
        report.rssBaseline = ProcessStats.residentBytes()
        print("  store: fresh SQLite schema in \(directory.path); \(ProcessStats.memoryText())")

        let registry = try buildRegistry()

        // The launcher runs the fast job's step in Swift; the scheduler reports to the fire log.
        var launch = LaunchConfiguration(nodeID: Self.nodeID, logDirectory: directory.appendingPathComponent("logs"))
        launch.swiftSteps = ["\(FastJob.name)/\(FastJob.stepName)": TickStep(log: log)]
        let launcher = JobLauncher(store: store, configuration: launch, logger: MetadataStore.noLogging)
        let jobOperator = JobOperator(launcher: launcher, registry: registry)
        let marks = StartupLogHandler.Marks()
        let logger = Logger(label: "batchwire.benchmark.scheduler") { _ in StartupLogHandler(marks: marks) }

        let (scheduler, task) = try await startScheduler(jobOperator: jobOperator, logger: logger, marks: marks)
        let runningSince = clock.now
        try await measureIdle(since: runningSince)
        try await measureBusy(scheduler: scheduler, store: store, since: runningSince)
        if marks.warningCount > 0 { print("  scheduler warnings or errors: \(marks.warningCount)") }

        task.cancel()
        await task.value
        await scheduler.shutdown()
        await launcher.stopAll()
        await store.close()
    }

    /// The registry of `size` rare jobs and the fast job, each registered as soon as it is made. Times the
    /// register calls alone, and with generating the jobs (which includes checking each one's next fire).
    private mutating func buildRegistry() throws -> JobRegistry {
        let quietFor = settings.idleSeconds + settings.fastSeconds + 600
        let registry = JobRegistry()
        let clock = self.clock
        var registering = Duration.zero
        let started = clock.now
        let rare = try RareJobs.make(count: size, quietUntil: Date().addingTimeInterval(quietFor)) { job in
            let before = clock.now
            try registry.register(job)
            registering += clock.now - before
        }
        let before = clock.now
        try registry.register(FastJob.definition())
        registering += clock.now - before
        let total = (clock.now - started).seconds
        report.registryBuild = registering.seconds
        let shapes = rare.shapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print(
            "  jobs: \(shapes); zones \(RareJobs.zones.count); \(rare.reseeded) re-seeded so none fires within "
                + "\(Int(quietFor)) s")
        print(
            "  registry build: \(Self.format(report.registryBuild)) s in \(size + 1) register calls "
                + "(\(Self.format(total)) s with generating the jobs; load \(ProcStats.loadAverage())); "
                + ProcessStats.memoryText())
        return registry
    }

    /// Constructs the scheduler and runs it; measures until the first reconcile finished (its
    /// `schedules loaded` log) and until every rare schedule has its next fire (``Scheduler/scheduleCounts()``).
    private mutating func startScheduler(jobOperator: JobOperator, logger: Logger, marks: StartupLogHandler.Marks)
        async throws -> (Scheduler<ContinuousClock>, Task<Void, Never>)
    {
        let log = self.log
        let started = clock.now
        let scheduler = Scheduler(
            jobOperator: jobOperator, configuration: SchedulerConfiguration(nodeID: Self.nodeID), clock: clock,
            logger: logger, observer: { log.record($0) })
        let task = Task { await scheduler.run() }
        while marks.schedulesLoaded == nil {
            guard clock.now - started < .seconds(900) else { throw Stuck(what: "the first reconcile") }
            try await Task.sleep(for: .milliseconds(2))
        }
        report.reconcileDone = (marks.schedulesLoaded! - started).seconds
        // How long a call that takes the scheduler's lock can wait while the first scan runs.
        var longestCall = Duration.zero
        while true {
            let before = clock.now
            let waiting = scheduler.scheduleCounts().waiting
            longestCall = max(longestCall, clock.now - before)
            if waiting >= size { break }
            guard clock.now - started < .seconds(900) else { throw Stuck(what: "every schedule's next fire") }
            try await Task.sleep(for: .milliseconds(10))
        }
        report.longestLockedCall = longestCall.seconds
        report.allScheduled = (clock.now - started).seconds
        report.rssStartup = ProcessStats.residentBytes()
        report.loadStartup = ProcStats.loadAverage()
        print(
            "  startup: first reconcile finished after \(Self.format(report.reconcileDone)) s, all \(size) next "
                + "fires known after \(Self.format(report.allScheduled)) s (load \(report.loadStartup)); longest "
                + "scheduleCounts() call meanwhile \(LatencyHistogram.ms(report.longestLockedCall, decimals: 3))")
        print("  after startup: \(ProcessStats.memoryText())")
        return (scheduler, task)
    }

    /// CPU over the idle window: only the rare schedules are active (the fast one is paused).
    private mutating func measureIdle(since runningSince: ContinuousClock.Instant) async throws {
        try await Task.sleep(for: .seconds(1))
        log.reset()
        let window = CPUWindow()
        try await Task.sleep(for: .seconds(settings.idleSeconds))
        let idle = window.close()
        report.idleCPU = idle.cpu / idle.wall
        report.loadIdle = "\(ProcStats.loadAverage()); \(idle.pressureText)"
        report.idleOutcomes = log.outcomes.count
        report.rssIdle = ProcessStats.residentBytes()
        print(
            "  idle CPU (fast schedule paused): \(Self.format(idle.cpu)) s CPU over \(Self.format(idle.wall)) s = "
                + "\(Self.percent(report.idleCPU)) of one core; \(report.idleOutcomes) fires (load \(report.loadIdle))")
        print(
            "  after \(Int((clock.now - runningSince).seconds)) s idle: \(ProcessStats.memoryText())")
    }

    /// Resumes the fast schedule as `batchwire resume` would (stored state, then a refresh) and measures
    /// CPU and fire lateness over the busy window, and RSS when the scheduler has run 60 s.
    private mutating func measureBusy(
        scheduler: Scheduler<ContinuousClock>, store: MetadataStore, since runningSince: ContinuousClock.Instant
    ) async throws {
        try await store.state.setSchedulePaused(
            scheduleID: FastJob.scheduleID, paused: false, reason: nil, changedBy: "SchedulerBenchmark")
        scheduler.refresh()
        let resumed = clock.now
        while !log.outcomes.contains(where: { $0.scheduleID == FastJob.scheduleID }) {
            guard clock.now - resumed < .seconds(60) else { throw Stuck(what: "the first fire of the fast schedule") }
            try await Task.sleep(for: .milliseconds(5))
        }
        log.reset()
        let window = CPUWindow()
        let busyEnd = clock.now.advanced(by: .seconds(settings.fastSeconds))
        let sixtySeconds = runningSince.advanced(by: .seconds(60))
        if sixtySeconds > clock.now && sixtySeconds < busyEnd {
            try await clock.sleep(until: sixtySeconds)
            report.rss60 = ProcessStats.residentBytes()
            print(
                "  RSS after 60 s running: \(ProcStats.mebibytes(report.rss60)) (load \(ProcStats.loadAverage()))"
            )
        }
        try await clock.sleep(until: busyEnd)
        let busy = window.close()
        let outcomes = log.outcomes
        let fast = outcomes.filter { $0.scheduleID == FastJob.scheduleID }
        let lateness = fast.compactMap(\.lateness)
        report.busyCPU = busy.cpu / busy.wall
        report.loadBusy = "\(ProcStats.loadAverage()); \(busy.pressureText)"
        report.lateness = LatencyHistogram(seconds: lateness)
        report.stepStart = LatencyHistogram(seconds: log.stepStarts)
        report.busyOtherOutcomes = outcomes.count - fast.count
        var kinds: [String: Int] = [:]
        for outcome in fast { kinds[outcome.kind.rawValue, default: 0] += 1 }
        report.fastKinds = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        report.rssRunning = ProcessStats.residentBytes()
        report.runningSeconds = (clock.now - runningSince).seconds
        let worst = lateness.sorted(by: >).prefix(5).map { LatencyHistogram.ms($0, decimals: 3) }
        print(
            "  busy CPU (fast schedule running): \(Self.format(busy.cpu)) s CPU over \(Self.format(busy.wall)) s = "
                + "\(Self.percent(report.busyCPU)) of one core (load \(report.loadBusy))")
        print("  fast schedule outcomes: \(report.fastKinds); rare-schedule outcomes: \(report.busyOtherOutcomes)")
        print("  fire lateness (ScheduleFireOutcome.lateness): \(report.lateness.text(decimals: 3, empty: "no samples"))")
        print("  worst fire lateness: \(worst.joined(separator: ", "))")
        print("  slot to Swift step start: \(report.stepStart.text(decimals: 3, empty: "no samples"))")
        print("  after \(Int(report.runningSeconds)) s running: \(ProcessStats.memoryText())")
    }

    struct Stuck: Error, CustomStringConvertible {
        let what: String
        var description: String { "gave up waiting for \(what) after the time limit" }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
}
