import Foundation
import Histogram

/// Latencies recorded in an HdrHistogram (nanoseconds, three significant digits: a percentile is within 0.1% of
/// the recorded value it stands for), with the percentiles the process benchmarks print.
///
/// Replaces the sorted arrays the benchmarks kept before: memory does not grow with the samples, and every
/// benchmark reads its percentiles the same way (HdrHistogram's `valueAtPercentile`, the highest value at or
/// below which that share of the samples lie).
public struct LatencyHistogram: Sendable {
    private var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    /// Samples below zero, recorded as zero (a step start read from a table with a coarser clock than the
    /// fire time, say); the texts say how many there were.
    public private(set) var belowZero = 0

    /// An empty histogram; it grows past one minute when a sample needs it.
    public init() {
        histogram.autoResize = true
    }

    /// A histogram of `seconds`.
    /// - Parameter seconds: the samples, in seconds.
    public init(seconds: some Sequence<Double>) {
        self.init()
        for value in seconds { record(seconds: value) }
    }

    /// Records one latency.
    /// - Parameter seconds: the latency in seconds; below zero counts as zero (see ``belowZero``).
    public mutating func record(seconds: Double) {
        guard seconds.isFinite else { return }
        if seconds < 0 { belowZero += 1 }
        _ = histogram.record(UInt64((Swift.max(0, seconds) * 1e9).rounded()))
    }

    /// Records one latency.
    /// - Parameter duration: the latency.
    public mutating func record(_ duration: Duration) {
        let (whole, attoseconds) = duration.components
        record(seconds: Double(whole) + Double(attoseconds) / 1e18)
    }

    /// How many samples were recorded.
    public var count: Int { Int(histogram.totalCount) }

    /// Whether no sample was recorded.
    public var isEmpty: Bool { histogram.totalCount == 0 }

    /// The latency at `percentile` (0–100) in seconds; 0 when empty.
    /// - Parameter percentile: e.g. 99 for the 99th percentile.
    public func seconds(atPercentile percentile: Double) -> Double {
        Double(histogram.valueAtPercentile(percentile)) / 1e9
    }

    /// The median, in seconds.
    public var p50: Double { seconds(atPercentile: 50) }
    /// The 99th percentile, in seconds.
    public var p99: Double { seconds(atPercentile: 99) }
    /// The largest sample, in seconds.
    public var max: Double { Double(histogram.max) / 1e9 }

    /// `p50 12.3 ms  p99 45.6 ms  max 78.9 ms  (n=1000)`, or `no runs` for no samples.
    /// - Parameter decimals: the decimals of each figure in milliseconds.
    public func text(decimals: Int = 1, empty: String = "no runs") -> String {
        guard !isEmpty else { return empty }
        let negative = belowZero > 0 ? ", \(belowZero) below 0 counted as 0" : ""
        return "p50 \(Self.ms(p50, decimals: decimals))  p99 \(Self.ms(p99, decimals: decimals))  "
            + "max \(Self.ms(max, decimals: decimals))  (n=\(count)\(negative))"
    }

    /// Seconds as milliseconds: `12.3 ms`.
    /// - Parameters:
    ///   - seconds: the value.
    ///   - decimals: how many decimals.
    public static func ms(_ seconds: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f ms", seconds * 1000)
    }
}
