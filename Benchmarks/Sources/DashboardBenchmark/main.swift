import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import BenchmarkSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

// Page render times of the dashboard with 100,000 executions of one job (plus 1,000 of another) in an SQLite
// store or in fresh tables on the MariaDB/MySQL of `scripts/services.sh`, measured through the dashboard's
// router in-process (no network): what each page costs the node.
//
//     swift run -c release DashboardBenchmark [sqlite|mysql] [runs-of-the-big-job] [repetitions]
//
// `mysql` reads the `BATCHWIRE_TEST_MYSQL_*` variables (`source "$(scripts/services.sh env)"`) and drops its
// tables at the end, unless DASHBOARD_BENCHMARK_KEEP=1 (to EXPLAIN the queries afterwards).

let words = Array(CommandLine.arguments.dropFirst())
let backend = words.first.flatMap(BenchmarkStore.init(rawValue:)) ?? .sqlite
let arguments = words.compactMap { Int($0) }
let bigRuns = arguments.first ?? 100_000
let repetitions = arguments.dropFirst().first ?? 20

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchwire-dashboard-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let configuration = try backend.configuration(in: directory)
let store = try await MetadataStore.open(configuration)
_ = try await store.initializeSchema()
let fillStart = ContinuousClock.now
switch backend {
case .sqlite:
    guard case .sqlite(let path) = configuration.location else { fatalError("an SQLite configuration") }
    try await BenchmarkData.fill(path: path, jobs: [("big", bigRuns), ("small", 1_000)])
case .mysql:
    let names = TableNames(prefix: configuration.tablePrefix, jobSequence: configuration.jobSequence)
    try await BenchmarkData.fillMySQL(names: names, jobs: [("big", bigRuns), ("small", 1_000)])
    print("tables: \(configuration.tablePrefix)*")
}
print("\(backend): filled \(bigRuns + 1_000) executions in \(ContinuousClock.now - fillStart)")

let registry = JobRegistry()
var job = JobDefinition(name: "big", location: SourceLocation(file: "bench", line: 1, column: 1))
job.steps = [StepDefinition(name: "work", command: ["/bin/true"])]
job.schedules = [
    ScheduleDefinition(
        trigger: .cron(expression: "*/5 * * * *", dialect: "cron"), location: SourceLocation(file: "bench", line: 2, column: 1))
]
try registry.register(job)
let launcher = JobLauncher(
    store: store, configuration: LaunchConfiguration(nodeID: "bench", logDirectory: directory),
    logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
let dashboard = try Dashboard(
    jobOperator: JobOperator(launcher: launcher, registry: registry),
    configuration: DashboardConfiguration(nodeID: "bench", operatorToken: "benchmark-token-0123456789"))
let router = Router()
dashboard.addRoutes(to: router)
// What `batchwire serve` does in the background at start (and every 5 minutes): the one read of every execution.
let totalsStart = ContinuousClock.now
try await dashboard.refreshTotals()
print("job totals read in the background at start: \(ContinuousClock.now - totalsStart)")

let middle = Int64(bigRuns / 2)
let pages = [
    "/", "/executions", "/executions?job=big", "/executions?job=big&before=\(middle)", "/executions?job=small",
    "/executions?job=big&status=FAILED", "/executions?param=\(middle)", "/executions?job=big&from=2026-01-01T00:00",
    "/executions/\(middle)", "/schedules", "/nodes", "/api/v1/jobs", "/api/v1/executions?job=big&limit=500",
]

struct Failed: Error, CustomStringConvertible { let description: String }

try await Application(router: router).test(.router) { client in
    print("page".padding(toLength: 48, withPad: " ", startingAt: 0) + "median ms   p95 ms   max ms   bytes")
    for page in pages {
        var times = LatencyHistogram()
        var bytes = 0
        for _ in 0..<repetitions {
            let start = ContinuousClock.now
            let response = try await client.execute(uri: page, method: .get)
            let elapsed = ContinuousClock.now - start
            guard response.status == .ok else { throw Failed(description: "\(page) answered \(response.status)") }
            bytes = response.body.readableBytes
            times.record(elapsed)
        }
        func format(_ seconds: Double) -> String { String(format: "%9.1f", seconds * 1000) }
        print(
            page.padding(toLength: 48, withPad: " ", startingAt: 0) + format(times.p50) + " "
                + format(times.seconds(atPercentile: 95)) + " " + format(times.max)
                + "   \(bytes)")
    }
}
if backend == .mysql && ProcessInfo.processInfo.environment["DASHBOARD_BENCHMARK_KEEP"] != "1" {
    try await store.dropSchema()
}
await store.close()
