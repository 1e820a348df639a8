/// The relay lease of a node whose relay shares its outbox with other nodes' relays: only the holder
/// publishes, so each event is published once and a job's events never interleave across nodes.
public struct OutboxRelayLease: Sendable, Hashable {
    /// This node's id, stored as the holder.
    public var nodeID: String
    /// How long a taken or renewed lease lasts. The holder renews it, and standby relays try to take it,
    /// every third of this; a holder stops publishing when a renewal has not succeeded before it runs out.
    public var duration: Duration
    /// The lease's name (its row in `<prefix>BW_RELAY_LEASE`): relays of one outbox share it. Default `outbox`.
    public var name: String

    /// A lease setting.
    ///
    /// - Parameters:
    ///   - nodeID: this node's id.
    ///   - duration: how long the lease lasts without renewal (at least 1 s); the daemon uses `lease-seconds`.
    ///   - name: the lease's name.
    public init(nodeID: String, duration: Duration, name: String = "outbox") {
        self.nodeID = nodeID
        self.duration = max(duration, .seconds(1))
        self.name = name
    }

    /// How often the holder renews and a standby tries to take the lease: a third of the duration.
    public var renewInterval: Duration { duration / 3 }
}
