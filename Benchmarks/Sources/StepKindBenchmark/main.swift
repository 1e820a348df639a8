// StepKindBenchmark: the per-run cost of each step kind through a real `batchwire serve` — `/bin/true`
// (a command step: a process per run), `noop`, `http` (loopback, a Hummingbird server in this process) and
// `mqtt` (the broker of scripts/services.sh, with a reply from a responder in this process). Every case runs
// serve with the same broker (its events are relayed in every case), on a new SQLite file, with JOBS jobs
// firing every second; it reports serve's CPU time per run (with the processes it reaped) and the mean step
// duration.
//
//   source "$(scripts/services.sh env)"
//   swift run -c release StepKindBenchmark [--batchwire PATH] [--jobs 50] [--window 20] [--lead 8]
//                                          [--kinds true,noop,http,mqtt] [--keep yes]
import BenchmarkSupport
import Foundation
import MosquittoClient

var options: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())[...]
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else {
        print(
            "usage: StepKindBenchmark [--batchwire PATH] [--jobs N] [--window SECONDS] [--lead SECONDS] [--kinds LIST]")
        exit(64)
    }
    options[String(name.dropFirst(2))] = value
}
let environment = ProcessInfo.processInfo.environment
let binary =
    options["batchwire"]
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("batchwire")
    .path
let jobs = Int(options["jobs"] ?? "") ?? 50
let window = Int(options["window"] ?? "") ?? 20
let lead = Int(options["lead"] ?? "") ?? 8
let kinds = (options["kinds"] ?? "true,noop,http,mqtt").split(separator: ",").compactMap {
    KindCase.Kind(rawValue: String($0))
}

guard let broker = try? BenchmarkEnvironment.mqtt() else {
    print("BATCHWIRE_TEST_MQTT_* are not set: source \"$(scripts/services.sh env)\" first")
    exit(2)
}
let prefix = "batchwire/bench-\(UUID().uuidString.prefix(8))"
let responders = try await BenchResponders.start(
    broker: MQTTConfiguration(
        host: broker.host, port: broker.port, clientID: "bench-responder-\(UUID().uuidString.prefix(8))",
        username: broker.user, password: broker.password, connectTimeout: .seconds(30)),
    requestTopic: "\(prefix)/requests")

var serveEnvironment = environment.filter { !$0.key.hasPrefix("BATCHWIRE_") }
serveEnvironment["BATCHWIRE_MQTT_URL"] = "mqtt://\(broker.address)"
serveEnvironment["BATCHWIRE_MQTT_USERNAME"] = broker.user
serveEnvironment["BATCHWIRE_MQTT_PASSWORD"] = broker.password
serveEnvironment["BATCHWIRE_MQTT_TOPIC_PREFIX"] = prefix
serveEnvironment["BATCHWIRE_NODE_ID"] = "bench"
serveEnvironment["TZ"] = "UTC"  // START_TIME is written in the process's zone; the window is compared in UTC

let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
    "step-kind-bench-\(UUID().uuidString.prefix(8))")
print("StepKindBenchmark: \(binary)")
print(
    "  \(jobs) jobs every 1 s per kind, a \(window) s window, \(ProcessInfo.processInfo.activeProcessorCount) cores; work dir \(root.path)"
)
print(KindCase.Figures.header)
var failed = false
for kind in kinds {
    let directory = root.appendingPathComponent(kind.rawValue)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let figures = try await KindCase(
            kind: kind, binary: binary, jobs: jobs, windowSeconds: window, leadSeconds: lead,
            environment: serveEnvironment, responders: responders, directory: directory
        ).run()
        print(figures.row)
    } catch {
        print("| \(kind.rawValue) | failed: \(error) |")
        failed = true
    }
}
await responders.stop()
if !failed, options["keep"] == nil { try? FileManager.default.removeItem(at: root) }
exit(failed ? 1 : 0)
