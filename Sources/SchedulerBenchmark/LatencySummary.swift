/// Percentiles of a set of latencies, by the nearest-rank method.
struct LatencySummary {
    let count: Int
    let p50: Double
    let p99: Double
    let max: Double

    /// - Parameter seconds: the samples; `nil` when there are none.
    init?(_ seconds: [Double]) {
        guard !seconds.isEmpty else { return nil }
        let sorted = seconds.sorted()
        func rank(_ p: Double) -> Double {
            let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        count = sorted.count
        p50 = rank(0.50)
        p99 = rank(0.99)
        max = sorted[sorted.count - 1]
    }

    /// `p50 1.234 ms  p99 2.345 ms  max 3.456 ms  (n=65)`.
    var text: String {
        "p50 \(Self.ms(p50))  p99 \(Self.ms(p99))  max \(Self.ms(max))  (n=\(count))"
    }

    static func ms(_ seconds: Double) -> String {
        String(format: "%.3f ms", seconds * 1000)
    }
}
