/// A topic prefix or level that cannot be used.
public struct MQTTTopicError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to write instead.
    public let message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "MQTTTopicError: \(message)" }
}
