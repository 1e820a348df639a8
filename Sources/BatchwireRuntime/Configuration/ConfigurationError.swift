/// A setting that is missing or malformed.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The setting at fault.
    public let key: ConfigurationKey
    /// What is wrong and how to fix it. Never contains the value of a secret.
    public let reason: String

    public init(key: ConfigurationKey, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(key.environmentVariable) (\(key.flag)): \(reason)" }
}
