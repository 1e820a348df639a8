import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

// Page render times of the dashboard with 100,000 executions of one job in an SQLite store (plus 1,000 of
// another), measured through the dashboard's router in-process (no network): what each page costs the node.
//
//     swift run -c release DashboardBenchmark [runs-of-the-big-job] [repetitions]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let bigRuns = arguments.first ?? 100_000
let repetitions = arguments.dropFirst().first ?? 20

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchwire-dashboard-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let path = directory.appendingPathComponent("bench.sqlite").path
let store = try await MetadataStore.open(MetadataStoreConfiguration(location: .sqlite(path: path)))
try await store.initializeSchema()
let fillStart = ContinuousClock.now
try await BenchmarkData.fill(path: path, jobs: [("big", bigRuns), ("small", 1_000)])
print("filled \(bigRuns + 1_000) executions in \(ContinuousClock.now - fillStart)")

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
        var times: [Double] = []
        var bytes = 0
        for _ in 0..<repetitions {
            let start = ContinuousClock.now
            let response = try await client.execute(uri: page, method: .get)
            let elapsed = ContinuousClock.now - start
            guard response.status == .ok else { throw Failed(description: "\(page) answered \(response.status)") }
            bytes = response.body.readableBytes
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        times.sort()
        func format(_ value: Double) -> String { String(format: "%9.1f", value) }
        print(
            page.padding(toLength: 48, withPad: " ", startingAt: 0) + format(times[times.count / 2]) + " "
                + format(times[min(times.count - 1, times.count * 95 / 100)]) + " " + format(times.last ?? 0)
                + "   \(bytes)")
    }
}
await store.close()
