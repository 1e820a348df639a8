/// One message of a batch publish (``MQTTClient/publish(_:)``).
public struct MQTTPublication: Sendable, Hashable {
    /// The topic, without wildcards.
    public var topic: String
    /// The bytes to send.
    public var payload: [UInt8]
    /// The quality of service (default at least once).
    public var qos: MQTTQoS
    /// Whether the broker keeps this as the topic's retained message.
    public var retain: Bool
    /// MQTT 5 properties (response topic, correlation data, expiry, user properties).
    public var properties: MQTTProperties

    /// A message to publish.
    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
        properties: MQTTProperties = .none
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
    }
}
