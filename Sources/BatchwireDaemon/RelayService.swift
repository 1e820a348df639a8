import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import ServiceLifecycle

/// The outbox relay as a service. On graceful shutdown (after the scheduler stopped the runs, so their
/// STOPPED events are in the outbox) it waits until the outbox is empty or `flushTimeout` passed: the lease
/// holder publishes meanwhile, and a standby node takes the lease over as soon as the holder released it. Then
/// it gives the relay lease up so another node's relay takes over at once; whatever is left is published by
/// that node or by the next start. While it runs, the relay's counters are exported
/// to `/metrics` (``RelayMetricsExporter``).
struct RelayService: Service {
    let relay: OutboxRelay<ContinuousClock>
    let outbox: BatchwireStateStore
    let flushTimeout: Duration
    let logger: Logger

    func run() async throws {
        let relay = self.relay
        let task = Task { await relay.run() }
        let exporter = Task { await RelayMetricsExporter().run(relay) }
        try? await gracefulShutdown()
        // The holder publishes what is left; a standby with events pending (its own STOPPED events, say) takes
        // the lease as soon as the holder released it, and publishes them. Either ends once the outbox is empty.
        relay.notify()
        let deadline = ContinuousClock.now.advanced(by: flushTimeout)
        while ContinuousClock.now < deadline {
            if let pending = try? await outbox.pendingEvents(limit: 1), pending.isEmpty { break }
            if !relay.holdsLease { await relay.takeLeaseNow() }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if let pending = try? await outbox.pendingEvents(limit: 1), !pending.isEmpty {
            logger.warning(
                "events still in the outbox at shutdown; the node holding the relay lease, or the next start, publishes them")
        }
        task.cancel()
        await task.value
        await relay.releaseLease()
        exporter.cancel()
        await exporter.value
    }
}
