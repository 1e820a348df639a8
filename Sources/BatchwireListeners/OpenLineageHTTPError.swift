/// Why an ``OpenLineageHTTPListener`` gave an event up. The listener logs it as an error and throws
/// it, so the ``ListenerDispatcher`` counts the event as failed; the next event is tried as usual.
///
/// `description` shows the endpoint without user info or query, never the API key.
public struct OpenLineageHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The name.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The endpoint refused the event (a 4xx other than 408 and 429, or another non-2xx status
        /// that retrying cannot fix): it is dropped without retry.
        public static let rejected = Code("rejected")
        /// Every try failed with a 5xx, 408, 429 or a connection error.
        public static let retriesExhausted = Code("retriesExhausted")

        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// The last HTTP status, if the endpoint answered.
    public let status: Int?
    /// What happened and what to do about it.
    public let message: String

    /// An error.
    ///
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - status: the last HTTP status, if any.
    ///   - message: what happened and what to do.
    public init(code: Code, status: Int?, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String {
        "OpenLineageHTTPError.\(code)\(status.map { " (HTTP \($0))" } ?? ""): \(message)"
    }
}
