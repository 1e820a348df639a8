/// The MQTT 5 properties of a PUBLISH (or of a Last Will) that Batchwire uses.
///
/// On a received ``MQTTMessage`` these are the properties the broker forwarded, copied out of the
/// C structures. The broker lowers ``messageExpiryInterval`` by the time the message waited.
public struct MQTTProperties: Sendable, Hashable {
    /// The topic the receiver should answer on (request/response).
    public var responseTopic: String?
    /// Opaque bytes the responder copies into its answer so the requester can match it.
    public var correlationData: [UInt8]?
    /// Seconds after which the broker drops the message if it has not been delivered.
    public var messageExpiryInterval: UInt32?
    /// The payload's MIME type, e.g. `application/json`.
    public var contentType: String?
    /// Whether the payload is UTF-8 text (payload format indicator 1) rather than unspecified bytes.
    public var payloadIsUTF8: Bool
    /// Name/value pairs, in order; a name may occur more than once.
    public var userProperties: [MQTTUserProperty]

    /// Makes a property set; every property is optional.
    public init(
        responseTopic: String? = nil,
        correlationData: [UInt8]? = nil,
        messageExpiryInterval: UInt32? = nil,
        contentType: String? = nil,
        payloadIsUTF8: Bool = false,
        userProperties: [MQTTUserProperty] = []
    ) {
        self.responseTopic = responseTopic
        self.correlationData = correlationData
        self.messageExpiryInterval = messageExpiryInterval
        self.contentType = contentType
        self.payloadIsUTF8 = payloadIsUTF8
        self.userProperties = userProperties
    }

    /// No properties.
    public static let none = MQTTProperties()

    /// Whether no property is set.
    public var isEmpty: Bool { self == .none }

    /// The value of the first user property called `name`, if any.
    public func userProperty(_ name: String) -> String? {
        userProperties.first { $0.name == name }?.value
    }
}

/// One MQTT 5 user property: a UTF-8 name/value pair.
public struct MQTTUserProperty: Sendable, Hashable, CustomStringConvertible {
    /// The property's name.
    public var name: String
    /// The property's value.
    public var value: String

    /// Makes a user property.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(value)" }
}
