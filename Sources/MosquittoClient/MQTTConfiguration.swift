/// How an ``MQTTClient`` reaches and identifies itself to the broker. Always MQTT 5.
///
/// `description` never shows the password.
public struct MQTTConfiguration: Sendable, CustomStringConvertible {
    /// The broker's host name or address.
    public var host: String
    /// The broker's TCP port (1883 plain, 8883 TLS by convention).
    public var port: Int
    /// The client identifier. Two connections with one id evict each other: make it unique per process.
    public var clientID: String
    /// The user name, if the broker requires one.
    public var username: String?
    /// The password. Secret: never logged, never in descriptions or errors.
    public var password: String?
    /// TLS settings; `nil` for a plain TCP connection.
    public var tls: MQTTTLSConfiguration?
    /// Seconds between keepalive pings; the broker drops the client (and sends its Will) after 1.5 times this.
    public var keepAliveSeconds: Int
    /// Whether each connection starts a new session (MQTT 5 Clean Start). Subscriptions are sent again
    /// after every reconnect either way.
    public var cleanStart: Bool
    /// Seconds the broker keeps the session after a disconnect (0: ends with the connection).
    public var sessionExpiryInterval: UInt32
    /// The Last Will the broker publishes if this client's connection ends without a DISCONNECT.
    public var will: MQTTWill?
    /// The first reconnect delay in seconds (at least 1); later attempts wait longer (exponential backoff).
    public var reconnectDelayMinimumSeconds: UInt32
    /// The longest delay between reconnect attempts, in seconds.
    public var reconnectDelayMaximumSeconds: UInt32
    /// How long ``MQTTClient/connect()`` tries before it gives up with ``MQTTError/Code-swift.struct/timeout``.
    public var connectTimeout: Duration
    /// The most QoS 1 and 2 publications this client keeps in flight (sent, not yet acknowledged) at once
    /// (MQTT 5 send maximum; 0 counts as 1). The broker's Receive Maximum lowers it: Mosquitto sends its
    /// `max_inflight_messages`, 20 unless configured. Messages beyond the window wait in libmosquitto's queue
    /// and go out one per acknowledgement, so a small window caps a publisher's rate at window / round trip.
    public var sendMaximum: UInt16

    /// Makes a configuration.
    /// - Parameters:
    ///   - host: the broker's host name or address.
    ///   - port: the broker's port.
    ///   - clientID: a client identifier unique among the broker's clients.
    ///   - username: the user name, if any.
    ///   - password: the password, if any (secret).
    ///   - tls: TLS settings, or `nil` for plain TCP.
    ///   - keepAliveSeconds: keepalive interval in seconds (default 30).
    ///   - cleanStart: whether to start a fresh session on each connection (default `true`).
    ///   - sessionExpiryInterval: seconds the broker keeps the session after a disconnect (default 0).
    ///   - will: the Last Will, if any.
    ///   - reconnectDelayMinimumSeconds: first reconnect delay (default 1 s).
    ///   - reconnectDelayMaximumSeconds: longest reconnect delay (default 30 s).
    ///   - connectTimeout: how long `connect()` keeps trying (default 10 s).
    ///   - sendMaximum: the most QoS 1/2 publications in flight at once (default 1,000; the broker may lower it).
    public init(
        host: String,
        port: Int = 1883,
        clientID: String,
        username: String? = nil,
        password: String? = nil,
        tls: MQTTTLSConfiguration? = nil,
        keepAliveSeconds: Int = 30,
        cleanStart: Bool = true,
        sessionExpiryInterval: UInt32 = 0,
        will: MQTTWill? = nil,
        reconnectDelayMinimumSeconds: UInt32 = 1,
        reconnectDelayMaximumSeconds: UInt32 = 30,
        connectTimeout: Duration = .seconds(10),
        sendMaximum: UInt16 = 1_000
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.username = username
        self.password = password
        self.tls = tls
        self.keepAliveSeconds = keepAliveSeconds
        self.cleanStart = cleanStart
        self.sessionExpiryInterval = sessionExpiryInterval
        self.will = will
        self.reconnectDelayMinimumSeconds = reconnectDelayMinimumSeconds
        self.reconnectDelayMaximumSeconds = reconnectDelayMaximumSeconds
        self.connectTimeout = connectTimeout
        self.sendMaximum = sendMaximum
    }

    public var description: String {
        var text = "mqtt\(tls == nil ? "" : "s")://"
        if let username { text += "\(username)\(password == nil ? "" : ":***")@" }
        return text + "\(host):\(port) (client id \(clientID))"
    }
}

/// TLS settings for the connection to the broker.
public struct MQTTTLSConfiguration: Sendable, Hashable {
    /// A PEM file of CA certificates that sign the broker's certificate.
    public var caFile: String?
    /// A directory of PEM CA certificates (hashed names, as `c_rehash` makes them).
    public var caDirectory: String?
    /// The client certificate (PEM), for brokers that require one; needs ``keyFile``.
    public var certificateFile: String?
    /// The client certificate's unencrypted private key (PEM).
    public var keyFile: String?
    /// Skips the check that the broker's certificate names ``MQTTConfiguration/host``.
    /// Only for tests: it makes the encryption pointless against an active attacker.
    public var insecureSkipHostnameVerification: Bool

    /// Makes TLS settings. Give `caFile` or `caDirectory`.
    public init(
        caFile: String? = nil,
        caDirectory: String? = nil,
        certificateFile: String? = nil,
        keyFile: String? = nil,
        insecureSkipHostnameVerification: Bool = false
    ) {
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecureSkipHostnameVerification = insecureSkipHostnameVerification
    }
}

/// A Last Will: the message the broker publishes for a client whose connection ends abnormally
/// (keepalive expiry, socket error), but not after a clean ``MQTTClient/disconnect()``.
public struct MQTTWill: Sendable, Hashable {
    /// The topic the broker publishes the Will to.
    public var topic: String
    /// The Will's payload.
    public var payload: [UInt8]
    /// The Will's QoS.
    public var qos: MQTTQoS
    /// Whether the broker retains the Will (e.g. a node's `offline` status).
    public var retain: Bool
    /// The Will's MQTT 5 properties.
    public var properties: MQTTProperties

    /// Makes a Last Will.
    public init(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
                properties: MQTTProperties = .none) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
    }
}
