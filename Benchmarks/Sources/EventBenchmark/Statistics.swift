import BenchmarkSupport
import Foundation

extension LatencyHistogram {
    /// `p50 0.84 ms, p90 …, p99 …, max …`.
    var summary: String {
        "p50 \(format(milliseconds(atPercentile: 50))) ms, p90 \(format(milliseconds(atPercentile: 90))) ms, "
            + "p99 \(format(milliseconds(atPercentile: 99))) ms, max \(format(max * 1_000)) ms"
    }

    /// The latency at `percentile` (0–100), in milliseconds.
    func milliseconds(atPercentile percentile: Double) -> Double {
        seconds(atPercentile: percentile) * 1_000
    }
}

func format(_ value: Double, digits: Int = 2) -> String {
    guard value.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) / 1e18
}

/// `12,345`.
func grouped(_ value: Double) -> String {
    let whole = Int(value.rounded())
    let digits = Array(String(whole))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return text
}
