// CronBenchmark: `next` per second for the spec's speed expressions, sparse expressions, and
// parse + first `next`, on one core. Run with `swift run -c release CronBenchmark`.
//
// Every measurement asks from 4,096 start instants spread pseudo-randomly over 2020-2040, so
// results are not served from a lucky position; each row runs for about half a second.
import BatchwireCron

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

let clock = ContinuousClock()
var generator = SplitMix64(state: 42)
let from2020: Int64 = 1_577_836_800
let until2040: Int64 = 2_208_988_800
let starts = (0..<4096).map { _ in Int64.random(in: from2020..<until2040, using: &generator) }
var sink: Int64 = 0

/// Runs `body` in rounds of `starts.count` calls until about `seconds` have passed; returns calls per second.
@MainActor func measure(seconds: Double = 0.5, _ body: (Int64) -> Int64) -> Double {
    for start in starts.prefix(256) { sink &+= body(start) }  // warm up
    var calls = 0
    let began = clock.now
    var elapsed = Duration.zero
    repeat {
        for start in starts { sink &+= body(start) }
        calls += starts.count
        elapsed = clock.now - began
    } while elapsed < .seconds(seconds)
    let (s, atto) = elapsed.components
    return Double(calls) / (Double(s) + Double(atto) / 1e18)
}

func row(_ label: String, _ rate: Double, target: Double) -> Bool {
    let ok = rate >= target
    let padded = label.count < 52 ? label + String(repeating: " ", count: 52 - label.count) : label
    let figure = String(Int(rate))
    print(
        "\(padded) \(String(repeating: " ", count: max(0, 11 - figure.count)))\(figure)/s  target \(Int(target))  \(ok ? "ok" : "MISSED")"
    )
    return ok
}

var allMet = true
let zones = ["UTC", "America/New_York"]
let common = ["*/5 * * * *", "0 9 * * 1-5", "15,45 9-17/2 * 1-6,9-12 mon-fri"]
let sparse = [
    "0 0 29 2 *", "0 0 * * 5#5", "0 0 * 2 5#5", "0 0 29 2 1#5", "0 0 31 * 6L",
    "0 0 L-30 * *", "0 0 0 1 1 * 2199", "0 30 2 29 2 *", "0 0 13 * 5",
]

print("next(after:) per second, one core")
for zoneName in zones {
    let zone = try CronZone(zoneName)
    for text in common {
        let schedule = CronSchedule(try CronExpression(text), zone: zone)
        let rate = measure { schedule.nextEpochSecond(after: $0) ?? 0 }
        allMet = row("  \(text)  [\(zoneName)]", rate, target: 1_000_000) && allMet
    }
}
print("sparse expressions")
for zoneName in zones {
    let zone = try CronZone(zoneName)
    for text in sparse {
        let schedule = CronSchedule(try CronExpression(text), zone: zone)
        let rate = measure { schedule.nextEpochSecond(after: $0) ?? 0 }
        allMet = row("  \(text)  [\(zoneName)]", rate, target: 100_000) && allMet
    }
}
print("parse + first next per second (zone already loaded)")
for zoneName in zones {
    let zone = try CronZone(zoneName)
    for text in common + sparse.prefix(2) {
        let rate = measure { start in
            guard let expression = try? CronExpression(text, seed: "job") else { return 0 }
            return CronSchedule(expression, zone: zone).nextEpochSecond(after: start) ?? 0
        }
        allMet = row("  \(text)  [\(zoneName)]", rate, target: 200_000) && allMet
    }
}
print(allMet ? "all targets met" : "some targets MISSED")
if sink == 42 { print(sink) }
