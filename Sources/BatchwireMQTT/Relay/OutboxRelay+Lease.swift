import Foundation

extension OutboxRelay {
    /// Takes or renews the relay lease every ``OutboxRelayLease/renewInterval`` until the task is cancelled.
    ///
    /// The lease holds locally until the instant before the attempt plus the duration, never later than the
    /// expiry stored for it, so this relay stops publishing no later than another one may start. A failed
    /// renewal (a database error) keeps the lease until then; a refused one (another node holds it) ends it now.
    func keepLease(_ settings: OutboxRelayLease) async {
        while !Task.isCancelled {
            await attemptLease(settings)
            try? await clock.sleep(for: settings.renewInterval)
        }
    }

    /// Tries to take (or renew) the relay lease now instead of at the next renewal: for a standby node that is
    /// shutting down with events of its own still pending, so it publishes them as soon as the holder released
    /// the lease. Returns whether this relay holds it (always `true` without ``OutboxRelayConfiguration/lease``).
    @discardableResult
    public func takeLeaseNow() async -> Bool {
        guard let settings = configuration.lease else { return true }
        await attemptLease(settings)
        return holdsLease
    }

    /// One attempt to take or renew the lease.
    private func attemptLease(_ settings: OutboxRelayLease) async {
        let started = clock.now
        let now = Date()
        let wasHolding = holdsLease
        do {
            let held = try await store.acquireRelayLease(
                name: settings.name, nodeID: settings.nodeID, until: now.addingTimeInterval(Self.seconds(settings.duration)),
                at: now)
            lease.withLock { $0 = held ? started.advanced(by: settings.duration) : nil }
            if held && !wasHolding {
                logger.info(
                    "this node's relay took the relay lease and publishes the outbox",
                    metadata: ["relay.lease": "\(settings.name)", "node": "\(settings.nodeID)"])
                wake.signal()
            } else if !held && wasHolding {
                logger.warning(
                    "another node took the relay lease; this node's relay stops publishing",
                    metadata: ["relay.lease": "\(settings.name)", "node": "\(settings.nodeID)"])
            }
        } catch {
            if Task.isCancelled { return }
            counters.withLock { $0.retried += 1 }
            logger.warning(
                wasHolding
                    ? "renewing the relay lease failed; this node's relay stops publishing when the lease runs out"
                    : "taking the relay lease failed; trying again",
                metadata: ["relay.lease": "\(settings.name)", "error": "\(error)"])
        }
    }

    /// Gives the relay lease up (if this relay holds it) so a standby relay takes over at once: call it after
    /// the task running ``run()`` ended on a graceful stop. Does nothing without ``OutboxRelayConfiguration/lease``.
    public func releaseLease() async {
        guard let settings = configuration.lease else { return }
        lease.withLock { $0 = nil }
        do {
            // Not cancellable: a stop cut short still gives the lease up.
            let store = self.store
            if try await Task(operation: { try await store.releaseRelayLease(name: settings.name, nodeID: settings.nodeID) }).value {
                logger.info("released the relay lease", metadata: ["relay.lease": "\(settings.name)"])
            }
        } catch {
            logger.warning(
                "releasing the relay lease failed; another node takes it over once it runs out",
                metadata: ["relay.lease": "\(settings.name)", "error": "\(error)"])
        }
    }
}
