/// A setting whose value is malformed, or does not fit with another setting.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The setting at fault.
    public let key: ConfigurationKey
    /// What is wrong and how to fix it. Never contains the value of a secret.
    public let reason: String
    /// Where the value came from, when known.
    public let source: ConfigurationSource?

    /// - Parameters:
    ///   - key: the setting at fault.
    ///   - reason: what is wrong and what is expected; never the value of a secret.
    ///   - source: where the value came from, when known.
    public init(key: ConfigurationKey, reason: String, source: ConfigurationSource? = nil) {
        self.key = key
        self.reason = reason
        self.source = source
    }

    /// The same error, located.
    func from(_ source: ConfigurationSource) -> ConfigurationError {
        ConfigurationError(key: key, reason: reason, source: source)
    }

    /// Names the setting as it was given: `batchwire.yaml:7: lease-seconds: …`,
    /// `BATCHWIRE_LEASE_SECONDS: …` or `--lease-seconds: …`.
    public var description: String {
        switch source {
        case .file(let path, let line): "\(path):\(line): \(key.rawValue): \(reason)"
        case .environment: "\(key.environmentVariable): \(reason)"
        case .flag: "\(key.flag): \(reason)"
        case nil: "\(key.environmentVariable) (\(key.flag)): \(reason)"
        }
    }
}
