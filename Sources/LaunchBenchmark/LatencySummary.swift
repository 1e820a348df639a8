import Foundation

/// Percentiles of a set of latencies (seconds), by the nearest-rank method.
struct LatencySummary: Sendable {
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

    /// `p50 12.3 ms  p99 45.6 ms  max 78.9 ms  (n=1000)`, or `no runs` for no samples.
    static func text(_ summary: LatencySummary?) -> String {
        guard let summary else { return "no runs" }
        return "p50 \(ms(summary.p50))  p99 \(ms(summary.p99))  max \(ms(summary.max))  (n=\(summary.count))"
    }

    /// Seconds as milliseconds with one decimal.
    static func ms(_ seconds: Double) -> String {
        String(format: "%.1f ms", seconds * 1000)
    }
}
