import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import ServiceLifecycle

/// The outbox relay as a service. On graceful shutdown (after the scheduler stopped the runs, so their
/// STOPPED events are in the outbox) it keeps publishing until the outbox is empty or `flushTimeout`
/// passed; whatever is left is published by the next node or the next start.
struct RelayService: Service {
    let relay: OutboxRelay<ContinuousClock>
    let outbox: BatchwireStateStore
    let flushTimeout: Duration
    let logger: Logger

    func run() async throws {
        let relay = self.relay
        let task = Task { await relay.run() }
        try? await gracefulShutdown()
        relay.notify()
        let deadline = ContinuousClock.now.advanced(by: flushTimeout)
        while ContinuousClock.now < deadline {
            if let pending = try? await outbox.pendingEvents(limit: 1), pending.isEmpty { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if let pending = try? await outbox.pendingEvents(limit: 1), !pending.isEmpty {
            logger.warning("events still in the outbox at shutdown; they are published after the next start")
        }
        task.cancel()
        await task.value
    }
}
