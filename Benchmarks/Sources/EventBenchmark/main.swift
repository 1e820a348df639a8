// Status change → subscriber latency and sustained events per second through the outbox, against the
// private MariaDB and Mosquitto that `scripts/services.sh start` runs. Usage:
//   source "$(scripts/services.sh env)"; swift run -c release EventBenchmark [sqlite|mysql]
// Optional: BATCHWIRE_BENCH_PARTS=latency,commits,appends,sustained,relay (default all; `writers`, the payload
// writers alone without database or broker, only when named), BATCHWIRE_BENCH_SCALE=0.1 (smaller runs).
import Foundation

let backendName = CommandLine.arguments.dropFirst().first ?? "sqlite"
guard let backend = BenchmarkBackend(rawValue: backendName) else {
    print("usage: EventBenchmark [sqlite|mysql]")
    exit(64)
}
var benchmark = EventBenchmark(backend: backend)
let environment = ProcessInfo.processInfo.environment
if let parts = environment["BATCHWIRE_BENCH_PARTS"], !parts.isEmpty {
    benchmark.parts = Set(parts.split(separator: ",").map(String.init))
}
if let scale = environment["BATCHWIRE_BENCH_SCALE"].flatMap(Double.init), scale > 0 {
    benchmark.scale = scale
}
do {
    try await benchmark.run()
} catch {
    print("EventBenchmark failed: \(error)")
    exit(1)
}
