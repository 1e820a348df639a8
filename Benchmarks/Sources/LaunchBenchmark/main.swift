// LaunchBenchmark: measures the launch path the way a user runs it. It writes job files into a fresh
// folder and drives a real `batchwire serve` (the binary given by --batchwire, by default the one next to
// this executable) on an emptied MariaDB database and on a new SQLite file:
//   (a) N jobs all due once at the same instant: runs/s, lateness, CPU, memory, statements per run;
//   (b) M jobs every second for a window: runs/s, lateness early and late, skipped/missed, SIGTERM time;
//   (t) one job with an MQTT trigger: message published → step started (p50/p99) at a steady 100 messages/s,
//       and sustained triggered runs/s for a burst of N messages (needs the broker: BATCHWIRE_TEST_MQTT_*).
// Run it alone against a private MariaDB (docs/operations.md, "Launch benchmark"):
//   swift run -c release LaunchBenchmark --batchwire /path/to/batchwire --label before
import BenchmarkSupport
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if BenchmarkOptions.wantsHelp(arguments) {
    print(BenchmarkOptions.usage)
    exit(0)
}
let environment = ProcessInfo.processInfo.environment
let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(arguments: arguments, environment: environment)
} catch {
    print("\(error)")
    exit(2)
}
guard FileManager.default.isExecutableFile(atPath: options.batchwirePath) else {
    print("no batchwire binary at \(options.batchwirePath); build it (swift build -c release --product batchwire) or pass --batchwire PATH")
    exit(2)
}

let context: BenchmarkContext
do {
    context = try BenchmarkContext(options: options, environment: environment)
} catch {
    print("could not make the work folder under \(options.workDirectory): \(error)")
    exit(2)
}

print("LaunchBenchmark\(options.label.map { " — \($0)" } ?? "")")
print("  command:   \(CommandLine.arguments.joined(separator: " "))")
print("  binary:    \(options.batchwirePath) (\(BinaryInfo.describe(options.batchwirePath)))")
print("  mariadb:   \(context.mysql.map { "\($0.host):\($0.port)/\($0.database) as \($0.user)" } ?? "BATCHWIRE_TEST_MYSQL_* not set"); \(context.mariadbPIDNote)")
print("  work dir:  \(context.root.path)")
print("  machine:   \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(ProcStats.loadAverage())")
print("  started:   \(UTCText.iso(Date()))")
print("  note:      run it alone: the MariaDB counters are global, so any other client's statements count too")

var summary: [String] = []
var failed = false
for scenario in options.scenarios {
    for store in options.stores {
        for step in options.steps {
            let name = "\(scenario.rawValue)/\(store.rawValue)/\(step.rawValue)"
            FileHandle.standardError.write(Data("case \(name)\n".utf8))
            do {
                let harness = try CaseHarness(context: context, scenario: scenario, store: store, step: step)
                do {
                    if let refusal = try await harness.prepare() {
                        print("\n=== scenario \(name) ===\n  \(refusal)")
                        summary.append("\(name): " + (refusal.components(separatedBy: " (").first ?? refusal))
                        await harness.close()
                        continue
                    }
                    let table = switch scenario {
                    case .a: try await OnceScenario.run(harness)
                    case .b: try await EveryScenario.run(harness)
                    case .t: try await TriggerScenario.run(harness)
                    }
                    print(table.render())
                    summary.append("\(name): measured")
                } catch {
                    print("\n=== scenario \(name) ===\n  FAILED: \(error)")
                    summary.append("\(name): FAILED")
                    failed = true
                }
                await harness.close()
            } catch {
                print("\n=== scenario \(name) ===\n  FAILED: \(error)")
                summary.append("\(name): FAILED")
                failed = true
            }
        }
    }
}

print("\nsummary\(options.label.map { " (\($0))" } ?? ""):")
for line in summary { print("  \(line)") }
if failed || options.keep {
    print("work folder kept: \(context.root.path)")
} else {
    try? FileManager.default.removeItem(at: context.root)
}
exit(failed ? 1 : 0)
