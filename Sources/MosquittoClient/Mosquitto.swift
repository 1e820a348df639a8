internal import CMosquitto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one door to libmosquitto's return codes: process-wide initialisation and the mapping from
/// `MOSQ_ERR_*` values and MQTT 5 reason codes to ``MQTTError``.
enum Mosquitto {
    /// `mosquitto_lib_init`, run once per process before the first client is created.
    private static let initialised: Bool = {
        mosquitto_lib_init()
        return true
    }()

    static func initialise() { _ = initialised }

    static let success = Int32(MOSQ_ERR_SUCCESS.rawValue)

    /// Throws the ``MQTTError`` for a libmosquitto return code other than success.
    static func check(_ rc: Int32, _ operation: String, detail: String = "") throws(MQTTError) {
        if rc != success { throw error(rc, operation, detail: detail) }
    }

    /// The ``MQTTError`` for a libmosquitto return code (`MOSQ_ERR_*`).
    static func error(_ rc: Int32, _ operation: String, detail: String = "") -> MQTTError {
        let code: MQTTError.Code
        var message = String(cString: mosquitto_strerror(rc))
        switch mosq_err_t(rawValue: rc) {
        case MOSQ_ERR_INVAL, MOSQ_ERR_PAYLOAD_SIZE, MOSQ_ERR_OVERSIZE_PACKET, MOSQ_ERR_MALFORMED_UTF8,
            MOSQ_ERR_DUPLICATE_PROPERTY, MOSQ_ERR_NOT_SUPPORTED, MOSQ_ERR_QOS_NOT_SUPPORTED,
            MOSQ_ERR_RETAIN_NOT_SUPPORTED, MOSQ_ERR_TOPIC_ALIAS_INVALID:
            code = .invalidArgument
        case MOSQ_ERR_NO_CONN: code = .notConnected
        case MOSQ_ERR_CONN_LOST, MOSQ_ERR_KEEPALIVE: code = .connectionLost
        case MOSQ_ERR_CONN_REFUSED: code = .connectionRefused
        case MOSQ_ERR_PROTOCOL, MOSQ_ERR_MALFORMED_PACKET: code = .protocolError
        case MOSQ_ERR_TLS, MOSQ_ERR_TLS_HANDSHAKE, MOSQ_ERR_OCSP: code = .tls
        case MOSQ_ERR_AUTH: code = .badCredentials
        case MOSQ_ERR_ACL_DENIED: code = .notAuthorized
        case MOSQ_ERR_EAI, MOSQ_ERR_LOOKUP: code = .unreachable
        case MOSQ_ERR_TIMEOUT: code = .timeout
        case MOSQ_ERR_ERRNO:
            // The system call's errno is thread-local and still set: name it.
            message = String(cString: strerror(errno))
            code = operation == "connect" ? .unreachable : .library
        default: code = .library
        }
        return MQTTError(
            code: code, operation: operation, libraryError: Int(rc),
            detail: detail.isEmpty ? message : "\(detail); \(message)")
    }

    /// The ``MQTTError`` for an MQTT 5 reason code of 128 or more sent by the broker.
    static func reasonError(_ reason: Int32, _ operation: String, detail: String = "") -> MQTTError {
        let code: MQTTError.Code
        switch mqtt5_return_codes(rawValue: UInt32(clamping: reason)) {
        case MQTT_RC_BAD_USERNAME_OR_PASSWORD: code = .badCredentials
        case MQTT_RC_NOT_AUTHORIZED: code = .notAuthorized
        default:
            switch operation {
            case "connect": code = .connectionRefused
            case "publish": code = .publishRejected
            case "subscribe", "resubscribe": code = .subscribeRejected
            default: code = .protocolError
            }
        }
        let name = String(cString: mosquitto_reason_string(reason))
        return MQTTError(
            code: code, operation: operation, reasonCode: Int(reason),
            detail: detail.isEmpty ? name : "\(detail); \(name)")
    }
}
