/// An error from the MQTT client: a refusal by the broker, a lost connection, a timeout, or a
/// failure inside libmosquitto.
///
/// Match on ``code`` (`catch let error as MQTTError where error.code == .badCredentials`). The
/// description says what to do; it never contains a password, a payload or property values.
public struct MQTTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a matchable kind.
    public var code: Code
    /// The operation that failed, e.g. `connect`, `publish`, `subscribe`.
    public var operation: String
    /// The MQTT 5 reason code the broker sent (CONNACK, PUBACK, SUBACK, DISCONNECT), if any.
    public var reasonCode: Int?
    /// The libmosquitto error number (`MOSQ_ERR_*`), if the library reported the error.
    public var libraryError: Int?
    /// Context this wrapper adds: a topic filter, a host and port, the library's own message.
    /// Never a secret or a payload.
    public var detail: String

    /// Makes an error. Usually created by the client; public for tests and fakes.
    public init(code: Code, operation: String, reasonCode: Int? = nil, libraryError: Int? = nil, detail: String = "") {
        self.code = code
        self.operation = operation
        self.reasonCode = reasonCode
        self.libraryError = libraryError
        self.detail = detail
    }

    public var description: String {
        var text = "MQTTError.\(code) during \(operation)"
        if let reasonCode { text += " (reason code \(reasonCode))" }
        if let libraryError { text += " (libmosquitto error \(libraryError))" }
        if !detail.isEmpty { text += " [\(detail)]" }
        return text + ": " + code.advice
    }
}

extension MQTTError {
    /// A matchable error kind. Several reason codes or library errors can map to one code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The kind's name, e.g. `badCredentials`.
        public let name: String
        /// What the caller or operator should do about it.
        public let advice: String

        init(_ name: String, _ advice: String) {
            self.name = name
            self.advice = advice
        }

        public var description: String { name }
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// The broker refused the user name or password (CONNACK 134, or 4 in MQTT 3).
        public static let badCredentials = Code(
            "badCredentials", "check the configured MQTT user name and password against the broker's password file")
        /// The broker refused the operation for this user: CONNACK 135, or a PUBACK/SUBACK 135 from the ACL.
        public static let notAuthorized = Code(
            "notAuthorized", "grant this user access to the topic in the broker's ACL, or use another user")
        /// The broker refused the connection for another reason (client id, protocol, server busy, banned).
        public static let connectionRefused = Code(
            "connectionRefused", "read the reason code and the broker's log; the client id may be invalid or in use")
        /// The TCP connection could not be made (no broker listening, host unknown, network down).
        public static let unreachable = Code(
            "unreachable", "check that the broker runs and that host and port are right (scripts/services.sh start)")
        /// The connection dropped while the operation was in flight.
        public static let connectionLost = Code(
            "connectionLost", "the client reconnects by itself; retry the operation once it is connected again")
        /// The operation needs a connection and there is none right now.
        public static let notConnected = Code(
            "notConnected", "call connect() first, or wait for the connection state to become connected")
        /// The client was disconnected with disconnect() or is shutting down.
        public static let closed = Code("closed", "create a new client to connect again")
        /// The operation did not finish in time.
        public static let timeout = Code(
            "timeout", "check that the broker is reachable and not overloaded, or allow more time")
        /// The broker refused a publish (a PUBACK or PUBREC reason code of 128 or more other than 135).
        public static let publishRejected = Code(
            "publishRejected", "read the reason code; the topic, payload size or properties may be invalid")
        /// The broker refused a subscription (a SUBACK reason code of 128 or more other than 135).
        public static let subscribeRejected = Code(
            "subscribeRejected", "read the reason code; shared or wildcard subscriptions may be unsupported")
        /// A topic, topic filter or argument is not valid MQTT.
        public static let invalidArgument = Code(
            "invalidArgument", "fix the topic, filter, QoS or property values passed to the client")
        /// The broker broke the protocol, or sent a packet the library could not parse.
        public static let protocolError = Code("protocolError", "check that the broker speaks MQTT 5")
        /// TLS setup or the TLS handshake failed.
        public static let tls = Code(
            "tls", "check the CA file, the client certificate and key, and the broker's TLS listener")
        /// An unexpected failure inside libmosquitto (out of memory, a system call error).
        public static let library = Code("library", "see the detail; this is not expected in normal operation")
    }
}
