/// An MQTT quality of service level.
public enum MQTTQoS: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// At most once (QoS 0): sent once, never acknowledged.
    case atMostOnce = 0
    /// At least once (QoS 1): acknowledged with PUBACK; may be delivered twice.
    case atLeastOnce = 1
    /// Exactly once (QoS 2): a four-packet handshake ending with PUBCOMP.
    case exactlyOnce = 2

    public static func < (lhs: MQTTQoS, rhs: MQTTQoS) -> Bool { lhs.rawValue < rhs.rawValue }
}
