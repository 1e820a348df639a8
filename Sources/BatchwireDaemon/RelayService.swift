import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import ServiceLifecycle

/// The outbox relay as a service. On graceful shutdown (after the scheduler stopped the runs, so their
/// STOPPED events are in the outbox) it waits until the outbox is empty or `flushTimeout` passed (see
/// ``flush()``), then gives the relay lease up so another node's relay takes over at once; whatever is left is
/// published by that node or by the next start. While it runs, the relay's counters are exported
/// to `/metrics` (``RelayMetricsExporter``).
struct RelayService: Service {
    let relay: OutboxRelay<ContinuousClock>
    let outbox: BatchwireStateStore
    let flushTimeout: Duration
    let logger: Logger

    /// How long a standby node that is shutting down with events pending keeps trying to take the lease while
    /// another node holds it: long enough for a holder that is shutting down too to release it.
    static let standbyPatience: Duration = .seconds(2)

    func run() async throws {
        let relay = self.relay
        let task = Task { await relay.run() }
        let exporter = Task { await RelayMetricsExporter().run(relay) }
        try? await gracefulShutdown()
        await flush()
        task.cancel()
        await task.value
        await relay.releaseLease()
        exporter.cancel()
        await exporter.value
    }

    /// Waits until the outbox is empty or `flushTimeout` passed. The lease holder publishes meanwhile. A standby
    /// with events pending (its own STOPPED events, say) takes the lease as soon as the holder releases it and
    /// publishes them; if another node keeps holding the lease, that node publishes them and this one leaves.
    private func flush() async {
        relay.notify()
        let start = ContinuousClock.now
        let deadline = start.advanced(by: flushTimeout)
        while ContinuousClock.now < deadline {
            guard let pending = try? await outbox.pendingEvents(limit: 1), !pending.isEmpty else { return }
            if !relay.holdsLease, await !relay.takeLeaseNow(), ContinuousClock.now - start >= Self.standbyPatience {
                logger.info("events still in the outbox at shutdown; the node holding the relay lease publishes them")
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if let pending = try? await outbox.pendingEvents(limit: 1), !pending.isEmpty {
            logger.warning(
                "events still in the outbox at shutdown; the node holding the relay lease, or the next start, publishes them")
        }
    }
}
