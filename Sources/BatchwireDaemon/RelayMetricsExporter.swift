import BatchwireMQTT
import Metrics

/// Exports an ``OutboxRelay``'s counters through swift-metrics (Prometheus on `/metrics` in `batchwire serve`),
/// once a second and once more when cancelled:
///
/// - `batchwire_relay_events_published_total`: events published (every publication acknowledged) and marked delivered.
/// - `batchwire_relay_publications_total`: MQTT publications acknowledged (events, retained status, lineage).
/// - `batchwire_relay_retries_total`: failed attempts that will be retried (broker down, database error, a refusal
///   before the last attempt, a failed lease renewal).
/// - `batchwire_relay_dead_lettered_total`: events moved to the dead letters.
/// - `batchwire_relay_pending_events`: events still undelivered after the last pass (at most a batch).
/// - `batchwire_relay_lease_held`: 1 while this node's relay holds the relay lease and publishes, else 0.
struct RelayMetricsExporter {
    private let published = Counter(label: "batchwire_relay_events_published_total")
    private let publications = Counter(label: "batchwire_relay_publications_total")
    private let retried = Counter(label: "batchwire_relay_retries_total")
    private let deadLettered = Counter(label: "batchwire_relay_dead_lettered_total")
    private let pending = Gauge(label: "batchwire_relay_pending_events")
    private let leaseHeld = Gauge(label: "batchwire_relay_lease_held")

    /// Exports until the task is cancelled.
    func run<C: Clock>(_ relay: OutboxRelay<C>) async where C.Duration == Duration {
        var exported = OutboxRelayMetrics()
        while !Task.isCancelled {
            exported = export(relay.metrics, after: exported)
            try? await Task.sleep(for: .seconds(1))
        }
        _ = export(relay.metrics, after: exported)
    }

    /// Records what changed since `previous`; returns `now` for the next call.
    func export(_ now: OutboxRelayMetrics, after previous: OutboxRelayMetrics) -> OutboxRelayMetrics {
        published.increment(by: Int64(max(0, now.published - previous.published)))
        publications.increment(by: Int64(max(0, now.publications - previous.publications)))
        retried.increment(by: Int64(max(0, now.retried - previous.retried)))
        deadLettered.increment(by: Int64(max(0, now.deadLettered - previous.deadLettered)))
        pending.record(now.pending)
        leaseHeld.record(now.holdsLease ? 1 : 0)
        return now
    }
}
