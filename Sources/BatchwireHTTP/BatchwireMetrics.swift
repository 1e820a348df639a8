import Metrics
import Prometheus

/// The process's one metrics backend: swift-metrics recorded anywhere in Batchwire, exported in the
/// Prometheus text format by ``ObservabilityServer``.
///
/// Other modules record with plain swift-metrics (`Counter(label:dimensions:)`, `Timer`, `Recorder`,
/// `Gauge`) and never import this module; `batchwire serve` calls ``bootstrap()`` once at start.
/// swift-metrics allows one `MetricsSystem.bootstrap` per process, so this is the only place in
/// Batchwire that calls it.
public enum BatchwireMetrics {
    /// The upper bounds of every histogram bucket: from half a millisecond (the fire lateness the
    /// scheduler aims for) to 30 seconds (a fire that waited for a busy or paused process). Exported in
    /// seconds (`le="0.0005"` … `le="30.0"`).
    public static let histogramBuckets: [Duration] = bucketMicroseconds.map { Duration.microseconds($0) }

    /// ``histogramBuckets`` in seconds, the buckets of aggregating `Recorder`s.
    public static let histogramBucketsInSeconds: [Double] = bucketMicroseconds.map { Double($0) / 1_000_000 }

    private static let bucketMicroseconds: [Int64] = [
        500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000,
    ]

    /// Bootstraps swift-metrics with a Prometheus registry, once per process.
    ///
    /// Every call returns the same registry; only the first bootstraps `MetricsSystem`, so calling it
    /// again (from tests, or from two services) is safe. Timers and aggregating recorders become
    /// histograms with ``histogramBuckets`` (a recorder's values are taken to be seconds); non-aggregating recorders and meters become gauges.
    ///
    /// - Returns: the registry to hand to ``ObservabilityServer``.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        shared
    }

    /// Created, and `MetricsSystem` bootstrapped, by the first use: Swift initialises a static `let`
    /// exactly once, even when several threads reach it together.
    private static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = histogramBuckets
        factory.defaultValueHistogramBuckets = histogramBucketsInSeconds
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}
