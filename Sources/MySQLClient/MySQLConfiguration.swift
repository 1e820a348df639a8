/// Where and how to connect to a MySQL or MariaDB server.
///
/// `description` hides the password, so a configuration can be logged.
public struct MySQLConfiguration: Sendable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Hashable {
        /// TCP to a host name or IP address and port.
        case tcp(host: String, port: Int)
        /// A Unix domain socket path (same host only).
        case unixSocket(path: String)
    }

    /// How to reach the server.
    public var endpoint: Endpoint
    /// The account name.
    public var user: String
    /// The account password. Secret: never logged, never part of an error.
    public var password: String
    /// The default database (schema) for the session; `nil` for none.
    public var database: String?
    /// TLS settings; `.disabled` by default.
    public var tls: MySQLTLSConfiguration
    /// How long to wait for the TCP connection and handshake (rounded up to whole seconds, at least 1).
    public var connectTimeout: Duration
    /// How long a read from the server may take before the connection counts as lost; `nil` for no limit.
    /// Keep it above the longest statement you run (lock waits included).
    public var readTimeout: Duration?
    /// The session time zone. Keep `+00:00`: dates are written and read as UTC.
    public var timeZone: String

    /// Makes a configuration.
    /// - Parameters:
    ///   - endpoint: TCP host and port, or a Unix socket path.
    ///   - user: the account name.
    ///   - password: the account password.
    ///   - database: the default database, or `nil`.
    ///   - tls: TLS mode and files.
    ///   - connectTimeout: connect and handshake timeout (default 10 s).
    ///   - readTimeout: read timeout, or `nil` for none (default).
    public init(
        endpoint: Endpoint,
        user: String,
        password: String,
        database: String? = nil,
        tls: MySQLTLSConfiguration = .disabled,
        connectTimeout: Duration = .seconds(10),
        readTimeout: Duration? = nil
    ) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.timeZone = "+00:00"
    }

    /// Makes a TCP configuration.
    public init(
        host: String,
        port: Int = 3306,
        user: String,
        password: String,
        database: String? = nil,
        tls: MySQLTLSConfiguration = .disabled,
        connectTimeout: Duration = .seconds(10)
    ) {
        self.init(
            endpoint: .tcp(host: host, port: port),
            user: user,
            password: password,
            database: database,
            tls: tls,
            connectTimeout: connectTimeout
        )
    }

    public var description: String {
        let target: String
        switch endpoint {
        case .tcp(let host, let port): target = "\(host):\(port)"
        case .unixSocket(let path): target = "unix:\(path)"
        }
        return "MySQLConfiguration(\(user)@\(target)/\(database ?? ""), tls: \(tls.mode), password: <hidden>)"
    }
}

extension Duration {
    /// Whole seconds, rounded up, at least 1, as the C client's `unsigned int` timeouts want.
    var wholeSecondsRoundedUp: UInt32 {
        let (seconds, attoseconds) = components
        let rounded = seconds + (attoseconds > 0 ? 1 : 0)
        return UInt32(clamping: max(1, rounded))
    }
}
