import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import ServiceLifecycle

/// The outbox relay as a service. On graceful shutdown (after the scheduler stopped the runs, so their
/// STOPPED events are in the outbox) the lease holder keeps publishing until the outbox is empty or
/// `flushTimeout` passed, then gives the relay lease up so another node's relay takes over at once; whatever
/// is left is published by that node or by the next start. While it runs, the relay's counters are exported
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
        if relay.holdsLease {
            relay.notify()
            let deadline = ContinuousClock.now.advanced(by: flushTimeout)
            while ContinuousClock.now < deadline {
                if let pending = try? await outbox.pendingEvents(limit: 1), pending.isEmpty { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            if let pending = try? await outbox.pendingEvents(limit: 1), !pending.isEmpty {
                logger.warning("events still in the outbox at shutdown; they are published after the next start")
            }
        }
        task.cancel()
        await task.value
        await relay.releaseLease()
        exporter.cancel()
        await exporter.value
    }
}
