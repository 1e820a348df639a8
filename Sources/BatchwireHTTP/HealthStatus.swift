/// How well a node, or one part of it, is doing, from best to worst.
public enum HealthStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Working as it should.
    case ok
    /// Working, but with a problem an operator should look at (e.g. the broker is unreachable and
    /// events wait in the outbox).
    case degraded
    /// Not doing its job (e.g. the database is unreachable): `/health` answers 503.
    case failing

    /// The worst of `statuses`, ``ok`` when there are none.
    public static func worst(of statuses: some Sequence<HealthStatus>) -> HealthStatus {
        statuses.max() ?? .ok
    }

    public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool {
        lhs.severity < rhs.severity
    }

    private var severity: Int {
        switch self {
        case .ok: 0
        case .degraded: 1
        case .failing: 2
        }
    }
}
