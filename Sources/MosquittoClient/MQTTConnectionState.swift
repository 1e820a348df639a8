/// Where an ``MQTTClient``'s connection stands. Observe it with ``MQTTClient/connectionStates()``.
public enum MQTTConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// Created; ``MQTTClient/connect()`` not called yet (or a first attempt failed).
    case idle
    /// ``MQTTClient/connect()`` is waiting for the broker's first CONNACK.
    case connecting
    /// Connected: the broker accepted the connection and subscriptions are (being) restored.
    case connected
    /// The connection was lost; the client reconnects by itself with exponential backoff.
    case reconnecting
    /// ``MQTTClient/disconnect()`` was called. Final.
    case closed

    /// Whether the client can talk to the broker right now.
    public var isConnected: Bool { self == .connected }

    public var description: String {
        switch self {
        case .idle: "idle"
        case .connecting: "connecting"
        case .connected: "connected"
        case .reconnecting: "reconnecting"
        case .closed: "closed"
        }
    }
}
