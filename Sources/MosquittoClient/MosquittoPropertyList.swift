internal import CMosquitto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An owned libmosquitto property list (`mosquitto_property *`), freed when it goes out of scope
/// unless ``take()`` hands it to the library.
struct MosquittoPropertyList: ~Copyable {
    private(set) var raw: OpaquePointer?

    /// Builds the C list for publish or Will properties, plus a subscription identifier if given.
    init(_ properties: MQTTProperties = .none, subscriptionIdentifier: UInt32? = nil) throws(MQTTError) {
        raw = nil
        let operation = "properties"
        if let topic = properties.responseTopic {
            try Mosquitto.check(mosquitto_property_add_string(&raw, Self.id(MQTT_PROP_RESPONSE_TOPIC), topic),
                                operation, detail: "response topic")
        }
        if let data = properties.correlationData {
            guard data.count <= Int(UInt16.max) else {
                throw MQTTError(code: .invalidArgument, operation: operation,
                                detail: "correlation data is longer than 65535 bytes")
            }
            let rc = data.withUnsafeBytes { bytes in
                mosquitto_property_add_binary(&raw, Self.id(MQTT_PROP_CORRELATION_DATA), bytes.baseAddress,
                                              UInt16(bytes.count))
            }
            try Mosquitto.check(rc, operation, detail: "correlation data")
        }
        if let expiry = properties.messageExpiryInterval {
            try Mosquitto.check(
                mosquitto_property_add_int32(&raw, Self.id(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL), expiry),
                operation, detail: "message expiry interval")
        }
        if let contentType = properties.contentType {
            try Mosquitto.check(
                mosquitto_property_add_string(&raw, Self.id(MQTT_PROP_CONTENT_TYPE), contentType),
                operation, detail: "content type")
        }
        if properties.payloadIsUTF8 {
            try Mosquitto.check(
                mosquitto_property_add_byte(&raw, Self.id(MQTT_PROP_PAYLOAD_FORMAT_INDICATOR), 1),
                operation, detail: "payload format indicator")
        }
        for property in properties.userProperties {
            try Mosquitto.check(
                mosquitto_property_add_string_pair(&raw, Self.id(MQTT_PROP_USER_PROPERTY), property.name,
                                                   property.value),
                operation, detail: "user property \(property.name)")
        }
        if let subscriptionIdentifier {
            try Mosquitto.check(
                mosquitto_property_add_varint(&raw, Self.id(MQTT_PROP_SUBSCRIPTION_IDENTIFIER), subscriptionIdentifier),
                operation, detail: "subscription identifier")
        }
    }

    /// Builds a CONNECT property list carrying the session expiry interval, if it is not 0.
    init(sessionExpiryInterval: UInt32) throws(MQTTError) {
        raw = nil
        if sessionExpiryInterval != 0 {
            try Mosquitto.check(
                mosquitto_property_add_int32(&raw, Self.id(MQTT_PROP_SESSION_EXPIRY_INTERVAL), sessionExpiryInterval),
                "properties", detail: "session expiry interval")
        }
    }

    /// Gives up ownership (after libmosquitto took the list, e.g. `mosquitto_will_set_v5`).
    consuming func take() -> OpaquePointer? {
        let list = raw
        discard self
        return list
    }

    deinit {
        var list = raw
        if list != nil { mosquitto_property_free_all(&list) }
    }

    static func id(_ property: mqtt5_property) -> Int32 { Int32(property.rawValue) }
}

extension MQTTProperties {
    /// Copies the properties out of a C list that is valid only during a libmosquitto callback, and
    /// collects the subscription identifiers the broker attached.
    static func copying(_ list: OpaquePointer?) -> (properties: MQTTProperties, subscriptionIdentifiers: [UInt32]) {
        var properties = MQTTProperties()
        var identifiers: [UInt32] = []
        var current = list
        while let property = current {
            defer { current = mosquitto_property_next(property) }
            switch mosquitto_property_identifier(property) {
            case MosquittoPropertyList.id(MQTT_PROP_RESPONSE_TOPIC):
                properties.responseTopic = readString(property, MQTT_PROP_RESPONSE_TOPIC)
            case MosquittoPropertyList.id(MQTT_PROP_CONTENT_TYPE):
                properties.contentType = readString(property, MQTT_PROP_CONTENT_TYPE)
            case MosquittoPropertyList.id(MQTT_PROP_CORRELATION_DATA):
                var bytes: UnsafeMutableRawPointer?
                var length: UInt16 = 0
                if mosquitto_property_read_binary(
                    property, MosquittoPropertyList.id(MQTT_PROP_CORRELATION_DATA), &bytes, &length, false) != nil
                {
                    properties.correlationData =
                        bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(length))) } ?? []
                    free(bytes)
                }
            case MosquittoPropertyList.id(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL):
                var value: UInt32 = 0
                if mosquitto_property_read_int32(
                    property, MosquittoPropertyList.id(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL), &value, false) != nil
                {
                    properties.messageExpiryInterval = value
                }
            case MosquittoPropertyList.id(MQTT_PROP_PAYLOAD_FORMAT_INDICATOR):
                var value: UInt8 = 0
                if mosquitto_property_read_byte(
                    property, MosquittoPropertyList.id(MQTT_PROP_PAYLOAD_FORMAT_INDICATOR), &value, false) != nil
                {
                    properties.payloadIsUTF8 = value == 1
                }
            case MosquittoPropertyList.id(MQTT_PROP_SUBSCRIPTION_IDENTIFIER):
                var value: UInt32 = 0
                if mosquitto_property_read_varint(
                    property, MosquittoPropertyList.id(MQTT_PROP_SUBSCRIPTION_IDENTIFIER), &value, false) != nil
                {
                    identifiers.append(value)
                }
            case MosquittoPropertyList.id(MQTT_PROP_USER_PROPERTY):
                var name: UnsafeMutablePointer<CChar>?
                var value: UnsafeMutablePointer<CChar>?
                if mosquitto_property_read_string_pair(
                    property, MosquittoPropertyList.id(MQTT_PROP_USER_PROPERTY), &name, &value, false) != nil
                {
                    properties.userProperties.append(
                        MQTTUserProperty(name.map { String(cString: $0) } ?? "", value.map { String(cString: $0) } ?? ""))
                }
                free(name)
                free(value)
            default:
                break  // topic alias and others the library handles itself
            }
        }
        return (properties, identifiers)
    }

    private static func readString(_ property: OpaquePointer, _ identifier: mqtt5_property) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard mosquitto_property_read_string(property, MosquittoPropertyList.id(identifier), &value, false) != nil,
            let value
        else { return nil }
        defer { free(value) }
        return String(cString: value)
    }
}
