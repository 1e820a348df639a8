/// An error from the MySQL client: from the server, from the C client library, or from this wrapper.
///
/// Match on ``code`` (`catch let error as MySQLError where error.code == .duplicateKey`), or on the
/// raw ``number`` for server errors this type has no name for.
///
/// `description` never contains the server's message, bound values or passwords, since a server
/// message can quote data ("Duplicate entry 'alice@example.com' for key 'email'"). The message
/// is kept in ``serverMessage`` and shown by `String(reflecting:)` for debugging.
public struct MySQLError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as a matchable kind. Several server or client error numbers can map to one code.
    public var code: Code
    /// The server (1000–1999, 3000+) or client library (2000–2999) error number; 0 for this wrapper's own errors.
    public var number: UInt32
    /// The five-character SQLSTATE, e.g. `23000` for an integrity violation; `HY000` when unknown.
    public var sqlState: String
    /// The server's or client library's message. May quote data: do not log it where values are secret.
    public var serverMessage: String
    /// The operation that failed, e.g. `connect`, `prepare`, `execute`, `fetch`.
    public var operation: Operation
    /// Context this wrapper adds (a column name, an expected type); never a value or a secret.
    public var detail: String

    /// Makes an error. Usually created by the client; public for tests and fakes.
    public init(
        code: Code,
        number: UInt32 = 0,
        sqlState: String = "HY000",
        serverMessage: String = "",
        operation: Operation,
        detail: String = ""
    ) {
        self.code = code
        self.number = number
        self.sqlState = sqlState
        self.serverMessage = serverMessage
        self.operation = operation
        self.detail = detail
    }

    /// Whether the connection is gone (server restarted, connection killed, network failure):
    /// it must be discarded, and the outcome of an in-flight `COMMIT` is unknown.
    public var isConnectionLost: Bool { code == .connectionLost || code == .connectionClosed }

    /// Whether running the whole transaction again, from its first statement, may succeed:
    /// deadlocks, lock wait timeouts and lost connections (the latter on a new connection, and only
    /// if the work is idempotent or the caller can tell whether the lost `COMMIT` happened).
    public var isRetryable: Bool {
        code == .deadlock || code == .lockWaitTimeout || isConnectionLost
    }

    public var description: String {
        var text = "MySQLError.\(code) during \(operation.name)"
        if number != 0 { text += " (error \(number), SQLSTATE \(sqlState))" }
        if !detail.isEmpty { text += " [\(detail)]" }
        return text + ": " + code.advice
    }

    public var debugDescription: String {
        serverMessage.isEmpty ? description : description + " Server message: \(serverMessage)"
    }
}

extension MySQLError {
    /// The step of the client's work in which an error happened.
    public struct Operation: Hashable, Sendable {
        /// A short name, e.g. `connect`.
        public let name: String
        /// Makes an operation name.
        public init(_ name: String) { self.name = name }

        public static let connect = Operation("connect")
        public static let prepare = Operation("prepare")
        public static let bind = Operation("bind")
        public static let execute = Operation("execute")
        public static let fetch = Operation("fetch")
        public static let decode = Operation("decode")
        public static let ping = Operation("ping")
        public static let transaction = Operation("transaction")
        public static let pool = Operation("pool")
    }
}
