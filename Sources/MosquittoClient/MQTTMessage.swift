/// A message the broker delivered to one of the client's subscriptions.
///
/// Everything is copied out of libmosquitto's structures before delivery, so a message may be kept
/// and sent across tasks freely.
public struct MQTTMessage: Sendable, Hashable {
    /// The topic the message was published to (never a filter: no wildcards, no `$share/` prefix).
    public var topic: String
    /// The payload, byte for byte.
    public var payload: [UInt8]
    /// The QoS of this delivery: the lower of the publish QoS and the subscription's QoS.
    public var qos: MQTTQoS
    /// Whether the broker sent this as a retained message (on subscribe) rather than a live publish.
    public var retain: Bool
    /// The MQTT 5 properties forwarded by the broker.
    public var properties: MQTTProperties
    /// The subscription identifiers the broker attached, which tell which subscriptions matched.
    var subscriptionIdentifiers: [UInt32]

    /// Makes a message; public for tests and fakes.
    public init(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool, properties: MQTTProperties = .none) {
        self.init(topic: topic, payload: payload, qos: qos, retain: retain, properties: properties,
                  subscriptionIdentifiers: [])
    }

    init(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool, properties: MQTTProperties,
         subscriptionIdentifiers: [UInt32]) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
        self.subscriptionIdentifiers = subscriptionIdentifiers
    }

    /// The payload decoded as UTF-8, with invalid bytes replaced.
    public var payloadString: String { String(decoding: payload, as: UTF8.self) }
}
