import BatchwireHTTP
import Metrics
import Testing

@Suite(.timeLimit(.minutes(2))) struct MetricsEndpointTests {
    @Test func bootstrapIsIdempotentAndFeedsTheRegistry() {
        let first = BatchwireMetrics.bootstrap()
        let second = BatchwireMetrics.bootstrap()
        #expect(first === second)
        Counter(label: "http_tests_bootstrap_total").increment()
        #expect(first.emitToString().contains("http_tests_bootstrap_total 1"))
    }

    @Test func aCounterShowsWithItsValueAndLabels() async throws {
        let counter = Counter(label: "http_tests_fires_total", dimensions: [("job", "orders"), ("outcome", "fired")])
        counter.increment(by: 3)

        let reply = try await ObservabilityApp.test { try await $0.get("/metrics") }

        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let lines = reply.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("# TYPE http_tests_fires_total counter"))
        #expect(lines.contains(#"http_tests_fires_total{job="orders",outcome="fired"} 3"#))
    }

    @Test func aTimerShowsAsAHistogramInSeconds() async throws {
        let timer = Metrics.Timer(label: "http_tests_fire_lateness_seconds", dimensions: [("schedule", "orders#0")])
        timer.recordMilliseconds(3)
        timer.recordSeconds(12)

        let reply = try await ObservabilityApp.test { try await $0.get("/metrics") }

        let lines = Set(reply.text.split(separator: "\n").map(String.init))
        let name = "http_tests_fire_lateness_seconds"
        #expect(lines.contains("# TYPE \(name) histogram"))
        // 3 ms is above 0.0025 s and within 0.005 s; 12 s is within 30 s only.
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="0.0005"} 0"#))
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="0.0025"} 0"#))
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="0.005"} 1"#))
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="10.0"} 1"#))
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="30.0"} 2"#))
        #expect(lines.contains(#"\#(name)_bucket{schedule="orders#0",le="+Inf"} 2"#))
        #expect(lines.contains(#"\#(name)_count{schedule="orders#0"} 2"#))
        #expect(lines.contains(#"\#(name)_sum{schedule="orders#0"} 12.003"#))
    }

    @Test func anAggregatingRecorderUsesTheSameBucketsInSeconds() throws {
        let registry = BatchwireMetrics.bootstrap()
        Recorder(label: "http_tests_recorded_seconds", aggregate: true).record(0.02)
        let lines = Set(registry.emitToString().split(separator: "\n").map(String.init))
        #expect(lines.contains(#"http_tests_recorded_seconds_bucket{le="0.01"} 0"#))
        #expect(lines.contains(#"http_tests_recorded_seconds_bucket{le="0.025"} 1"#))
        #expect(BatchwireMetrics.histogramBucketsInSeconds.first == 0.0005)
        #expect(BatchwireMetrics.histogramBucketsInSeconds.last == 30)
    }
}
