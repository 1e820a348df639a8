/// Why ``ListenerRegistry`` could not make a listener.
public struct ListenerRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The name.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// No factory has the configured name.
        public static let unknownListener = Code("unknownListener")
        /// Two factories were registered under one name.
        public static let duplicateFactory = Code("duplicateFactory")
        /// The factory rejected its configuration.
        public static let invalidConfiguration = Code("invalidConfiguration")

        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// The listener (factory) name concerned.
    public let listenerName: String
    /// What happened and what to do about it.
    public let message: String
    /// The factory's own error, for ``Code/invalidConfiguration``.
    public let underlying: (any Error & Sendable)?

    /// An error.
    ///
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - listenerName: the listener concerned.
    ///   - message: what happened and what to do.
    ///   - underlying: the factory's error, if any.
    public init(code: Code, listenerName: String, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.listenerName = listenerName
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "ListenerRegistryError.\(code) for listener '\(listenerName)': \(message)"
    }

    public static func == (lhs: ListenerRegistryError, rhs: ListenerRegistryError) -> Bool {
        lhs.code == rhs.code && lhs.listenerName == rhs.listenerName && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(listenerName)
        hasher.combine(message)
    }
}
