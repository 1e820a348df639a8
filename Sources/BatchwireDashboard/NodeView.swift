/// One node of the cluster: what `GET /api/v1/nodes` returns per node and the nodes page shows.
public struct NodeView: Sendable, Codable, Hashable {
    /// The node's id.
    public let id: String
    /// The host it runs on, if it said.
    public let hostName: String?
    /// When it started (ISO 8601, UTC).
    public let startedAt: String
    /// Its last heartbeat.
    public let heartbeatAt: String
    /// Seconds since its last heartbeat.
    public let heartbeatAgeSeconds: Int
    /// Whether it holds the relay lease (it publishes the outbox).
    public let holdsRelayLease: Bool
}

/// The nodes and the relay lease.
public struct NodesView: Sendable, Codable, Hashable {
    /// Every node that ever sent a heartbeat, by id.
    public let nodes: [NodeView]
    /// The node that holds the relay lease, if any node took it.
    public let relayLeaseHolder: String?
    /// When that lease runs out unless renewed.
    public let relayLeaseExpiresAt: String?
}
