// CronBenchmark: `next` per second for the spec's speed expressions, sparse expressions, and parse + first
// `next`, on one core (ordo-one/benchmark). From Benchmarks/: `swift package --disable-sandbox benchmark`
// (`--target CronBenchmark` for this one alone, `--filter 'next.*'` for some rows).
//
// Every measurement asks from 4,096 start instants spread pseudo-randomly over 2020-2040, so results are not
// served from a lucky position. One iteration is 1,000 calls (`scalingFactor: .kilo`); the tool reports per
// call: throughput in calls per second (its K/M suffix), wall clock in ns per call. The targets, per second: 1,000,000 `next` for the
// common expressions, 100,000 for the sparse ones, 200,000 parse + first `next`.
import BatchwireCron
import Benchmark

/// A deterministic generator (SplitMix64) so runs are comparable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The 4,096 start instants (epoch seconds) every measurement cycles through.
let starts: [Int64] = {
    var generator = SplitMix64(state: 42)
    let from2020: Int64 = 1_577_836_800
    let until2040: Int64 = 2_208_988_800
    return (0..<4096).map { _ in Int64.random(in: from2020..<until2040, using: &generator) }
}()

let zones = ["UTC", "America/New_York"]
let common = ["*/5 * * * *", "0 9 * * 1-5", "15,45 9-17/2 * 1-6,9-12 mon-fri"]
let sparse = [
    "0 0 29 2 *", "0 0 * * 5#5", "0 0 * 2 5#5", "0 0 29 2 1#5", "0 0 31 * 6L",
    "0 0 L-30 * *", "0 0 0 1 1 * 2199", "0 30 2 29 2 *", "0 0 13 * 5",
]

/// Calls `body` once per scaled iteration, each time from the next start instant.
func cycle(_ benchmark: Benchmark, _ body: (Int64) -> Int64) {
    var index = 0
    for _ in benchmark.scaledIterations {
        blackHole(body(starts[index & 4095]))
        index &+= 1
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .milliseconds(500),
        maxIterations: 1_000_000
    )
    for zoneName in zones {
        guard let zone = try? CronZone(zoneName) else { fatalError("no zone \(zoneName)") }
        for text in common {
            guard let expression = try? CronExpression(text) else { fatalError("cannot parse \(text)") }
            let schedule = CronSchedule(expression, zone: zone)
            Benchmark("next \(text) [\(zoneName)]") { benchmark in
                cycle(benchmark) { schedule.nextEpochSecond(after: $0) ?? 0 }
            }
        }
        for text in sparse {
            guard let expression = try? CronExpression(text) else { fatalError("cannot parse \(text)") }
            let schedule = CronSchedule(expression, zone: zone)
            Benchmark("sparse next \(text) [\(zoneName)]") { benchmark in
                cycle(benchmark) { schedule.nextEpochSecond(after: $0) ?? 0 }
            }
        }
        for text in common + sparse.prefix(2) {
            Benchmark("parse + first next \(text) [\(zoneName)]") { benchmark in
                cycle(benchmark) { start in
                    guard let expression = try? CronExpression(text, seed: "job") else { return 0 }
                    return CronSchedule(expression, zone: zone).nextEpochSecond(after: start) ?? 0
                }
            }
        }
    }
}
