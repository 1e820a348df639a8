import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging

/// One size of the benchmark, start to finish: a fresh SQLite store, a registry of `size` rare jobs and
/// the fast job, a real scheduler on `ContinuousClock`, an idle window and a busy window.
enum SizeRun {
    static let nodeID = "bench-node"

    static func run(size: Int, settings: BenchmarkSettings) async throws -> SizeReport {
        let clock = ContinuousClock()
        var report = SizeReport(size: size)
        print("== \(size) schedules (load average \(ProcessStats.loadAverage()))")

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-schedbench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await MetadataStore.open(
            MetadataStoreConfiguration(location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path)))
        _ = try await store.initializeSchema()
        report.rssBaseline = ProcessStats.residentBytes()
        print("  store: fresh SQLite schema in \(directory.path); RSS \(ProcessStats.mebibytes(report.rssBaseline))")

        // The jobs, then the registry.
        let quietFor = settings.idleSeconds + settings.fastSeconds + 600
        var started = clock.now
        let rare = try RareJobs.make(count: size, quietUntil: Date().addingTimeInterval(quietFor))
        let definitionsTime = (clock.now - started).seconds
        let shapes = rare.shapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print(
            "  job definitions: \(format(definitionsTime)) s (\(shapes); zones \(RareJobs.zones.count); "
                + "\(rare.reseeded) re-seeded so none fires within \(Int(quietFor)) s)")
        started = clock.now
        let registry = JobRegistry()
        for job in rare.jobs { try registry.register(job) }
        try registry.register(FastJob.definition())
        report.registryBuild = (clock.now - started).seconds
        print(
            "  registry build: \(format(report.registryBuild)) s for \(size + 1) register calls "
                + "(load \(ProcessStats.loadAverage())); RSS \(ProcessStats.mebibytes(ProcessStats.residentBytes()))")

        // The launcher runs the fast job's step in Swift; the scheduler reports to the fire log.
        let log = FireLog()
        var launch = LaunchConfiguration(nodeID: nodeID, logDirectory: directory.appendingPathComponent("logs"))
        launch.swiftSteps = ["\(FastJob.name)/\(FastJob.stepName)": TickStep(log: log)]
        let launcher = JobLauncher(store: store, configuration: launch, logger: MetadataStore.noLogging)
        let jobOperator = JobOperator(launcher: launcher, registry: registry)
        let marks = StartupLogHandler.Marks()
        let logger = Logger(label: "batchwire.benchmark.scheduler") { _ in StartupLogHandler(marks: marks) }

        // Startup: from constructing the scheduler until every rare schedule has its next fire.
        started = clock.now
        let scheduler = Scheduler(
            jobOperator: jobOperator, configuration: SchedulerConfiguration(nodeID: nodeID), clock: clock, logger: logger,
            observer: { log.record($0) })
        let task = Task { await scheduler.run() }
        while marks.schedulesLoaded == nil {
            guard clock.now - started < .seconds(900) else { throw Stuck(what: "the first reconcile") }
            try await Task.sleep(for: .milliseconds(2))
        }
        report.reconcileDone = (marks.schedulesLoaded! - started).seconds
        while true {
            let statuses = scheduler.statuses()
            let known = statuses.filter { $0.nextFire != nil }.count
            if known >= size { break }
            guard clock.now - started < .seconds(900) else { throw Stuck(what: "every schedule's next fire") }
            try await Task.sleep(for: .milliseconds(10))
        }
        report.allScheduled = (clock.now - started).seconds
        report.rssStartup = ProcessStats.residentBytes()
        report.loadStartup = ProcessStats.loadAverage()
        print(
            "  startup: first reconcile finished after \(format(report.reconcileDone)) s, all \(size) next fires "
                + "known after \(format(report.allScheduled)) s (load \(report.loadStartup))")
        print("  RSS after startup: \(ProcessStats.mebibytes(report.rssStartup))")
        let runningSince = clock.now

        // Idle: only the rare schedules are active (the fast one is paused).
        try await Task.sleep(for: .seconds(1))
        log.reset()
        var window = CPUWindow()
        try await Task.sleep(for: .seconds(settings.idleSeconds))
        let idle = window.close()
        report.idleCPU = idle.cpu / idle.wall
        report.loadIdle = ProcessStats.loadAverage()
        report.idleOutcomes = log.outcomes.count
        print(
            "  idle CPU (fast schedule paused): \(format(idle.cpu)) s CPU over \(format(idle.wall)) s = "
                + "\(percent(report.idleCPU)) of one core; \(report.idleOutcomes) fires (load \(report.loadIdle))")
        report.rssIdle = ProcessStats.residentBytes()
        print("  RSS after \(Int((clock.now - runningSince).seconds)) s idle: \(ProcessStats.mebibytes(report.rssIdle))")

        // Busy: resume the fast schedule as `batchwire resume` would, and let it fire for the window.
        try await store.state.setSchedulePaused(
            scheduleID: FastJob.scheduleID, paused: false, reason: nil, changedBy: "SchedulerBenchmark")
        scheduler.refresh()
        let resumed = clock.now
        while !log.outcomes.contains(where: { $0.scheduleID == FastJob.scheduleID }) {
            guard clock.now - resumed < .seconds(60) else { throw Stuck(what: "the first fire of the fast schedule") }
            try await Task.sleep(for: .milliseconds(5))
        }
        log.reset()
        window = CPUWindow()
        try await Task.sleep(for: .seconds(settings.fastSeconds))
        let busy = window.close()
        let outcomes = log.outcomes
        let stepStarts = log.stepStarts
        report.busyCPU = busy.cpu / busy.wall
        report.loadBusy = ProcessStats.loadAverage()
        let fast = outcomes.filter { $0.scheduleID == FastJob.scheduleID }
        report.lateness = LatencySummary(fast.compactMap(\.lateness))
        report.stepStart = LatencySummary(stepStarts)
        report.busyOtherOutcomes = outcomes.count - fast.count
        var kinds: [String: Int] = [:]
        for outcome in fast { kinds[outcome.kind.rawValue, default: 0] += 1 }
        report.fastKinds = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print(
            "  busy CPU (fast schedule running): \(format(busy.cpu)) s CPU over \(format(busy.wall)) s = "
                + "\(percent(report.busyCPU)) of one core (load \(report.loadBusy))")
        print("  fast schedule outcomes: \(report.fastKinds); rare-schedule outcomes: \(report.busyOtherOutcomes)")
        print("  fire lateness (ScheduleFireOutcome.lateness): \(report.lateness?.text ?? "no samples")")
        print("  slot to Swift step start: \(report.stepStart?.text ?? "no samples")")
        report.rssRunning = ProcessStats.residentBytes()
        report.runningSeconds = (clock.now - runningSince).seconds
        print("  RSS after \(Int(report.runningSeconds)) s running: \(ProcessStats.mebibytes(report.rssRunning))")
        if marks.warningCount > 0 { print("  scheduler warnings or errors: \(marks.warningCount)") }

        task.cancel()
        await task.value
        await scheduler.shutdown()
        await launcher.stopAll()
        await store.close()
        return report
    }

    struct Stuck: Error, CustomStringConvertible {
        let what: String
        var description: String { "gave up waiting for \(what) after the time limit" }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
}
