/// What `GET /health` answers, as JSON:
///
/// ```json
/// {"status":"degraded","node":"node-1","uptimeSeconds":912.5,
///  "checks":{"database":{"status":"ok","message":"connected"},
///            "broker":{"status":"degraded","message":"reconnecting"}}}
/// ```
///
/// The HTTP status is 200 unless ``status`` is ``HealthStatus/failing``, then 503, so a load balancer
/// or an orchestrator's probe needs only the status code.
public struct HealthReport: Sendable, Codable, Equatable {
    /// The node's overall status.
    public var status: HealthStatus
    /// The named checks, e.g. `database`, `broker`, `scheduler`.
    public var checks: [String: HealthCheck]
    /// The node's name (the `node-id` setting).
    public var nodeID: String
    /// Seconds since the node started.
    public var uptimeSeconds: Double

    /// A report whose overall status is the worst of its checks' (``HealthStatus/ok`` with no checks).
    ///
    /// - Parameters:
    ///   - nodeID: the node's name.
    ///   - uptimeSeconds: seconds since the node started.
    ///   - checks: the named checks.
    public init(nodeID: String, uptimeSeconds: Double, checks: [String: HealthCheck] = [:]) {
        self.init(
            status: HealthStatus.worst(of: checks.values.map(\.status)),
            nodeID: nodeID,
            uptimeSeconds: uptimeSeconds,
            checks: checks
        )
    }

    /// A report with an overall status chosen by the caller.
    ///
    /// - Parameters:
    ///   - status: the overall status.
    ///   - nodeID: the node's name.
    ///   - uptimeSeconds: seconds since the node started.
    ///   - checks: the named checks.
    public init(status: HealthStatus, nodeID: String, uptimeSeconds: Double, checks: [String: HealthCheck] = [:]) {
        self.status = status
        self.checks = checks
        self.nodeID = nodeID
        self.uptimeSeconds = uptimeSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case status
        case checks
        case nodeID = "node"
        case uptimeSeconds
    }
}
