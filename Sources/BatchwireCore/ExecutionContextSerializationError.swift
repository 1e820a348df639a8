/// A serialized execution context that cannot be read.
public struct ExecutionContextSerializationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The text is not valid Base64 or JSON.
        public static let invalidEncoding = Code("invalidEncoding")
        /// The bytes are not a valid stream of the expected format.
        public static let malformed = Code("malformed")
        /// The stream is valid but holds classes or shapes Batchwire does not read.
        public static let unsupportedContent = Code("unsupportedContent")

        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// An error with a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ExecutionContextSerializationError.\(code): \(message)" }
}
