/// The outcome of one named check in a ``HealthReport``, such as `database` or `broker`.
public struct HealthCheck: Sendable, Codable, Equatable {
    /// How the checked part is doing.
    public var status: HealthStatus
    /// What was found, for people: "connected", "last heartbeat 4 s ago", "connection refused".
    public var message: String

    /// - Parameters:
    ///   - status: how the checked part is doing.
    ///   - message: what was found, for people; never a secret.
    public init(status: HealthStatus, message: String) {
        self.status = status
        self.message = message
    }
}
