import Foundation

/// Batchwire's settings, resolved from (highest first) command-line flags, environment variables
/// and defaults. Each setting's name is a ``ConfigurationKey``.
public struct BatchwireConfiguration: Sendable, Equatable {
    /// Where the metadata lives.
    public var database: DatabaseURL = .default
    /// The metadata table prefix.
    public var tablePrefix: String = "BATCH_"
    /// The MQTT broker URL, or `nil` to run without a broker.
    public var mqttURL: String?
    /// The MQTT user name.
    public var mqttUsername: String?
    /// The MQTT password (a secret).
    public var mqttPassword: String?
    /// The first level of every MQTT topic.
    public var mqttTopicPrefix: String = "batchwire"
    /// This node's name.
    public var nodeID: String = ProcessInfo.processInfo.hostName
    /// The folder of job files.
    public var schedulesDirectory: String = "schedules"
    /// The execution lease duration, in seconds.
    public var leaseSeconds: Int = 30
    /// The `/metrics` and `/health` port, if any.
    public var httpPort: Int?

    /// The defaults.
    public init() {}

    /// Resolves the settings.
    /// - Parameters:
    ///   - environment: the process environment (`ProcessInfo.processInfo.environment`).
    ///   - overrides: values given as flags, which win over the environment.
    /// - Throws: ``ConfigurationError`` for a malformed value.
    public init(environment: [String: String], overrides: [ConfigurationKey: String] = [:]) throws {
        self.init()
        for key in ConfigurationKey.allCases {
            guard let value = overrides[key] ?? environment[key.environmentVariable], !value.isEmpty else { continue }
            try apply(value, to: key)
        }
    }

    private mutating func apply(_ value: String, to key: ConfigurationKey) throws {
        switch key {
        case .databaseURL: database = try DatabaseURL(parsing: value)
        case .tablePrefix:
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ConfigurationError(key: key, reason: "use only ASCII letters, digits and underscores, e.g. BATCH_")
            }
            tablePrefix = value
        case .mqttURL:
            guard value.hasPrefix("mqtt://") || value.hasPrefix("mqtts://") else {
                throw ConfigurationError(key: key, reason: "use mqtt://host:1883 or mqtts://host:8883")
            }
            mqttURL = value
        case .mqttUsername: mqttUsername = value
        case .mqttPassword: mqttPassword = value
        case .mqttTopicPrefix:
            guard !value.contains(where: { "#+".contains($0) }) else {
                throw ConfigurationError(key: key, reason: "a topic prefix cannot contain the wildcards # or +")
            }
            mqttTopicPrefix = value
        case .nodeID: nodeID = value
        case .schedulesDirectory: schedulesDirectory = value
        case .leaseSeconds: leaseSeconds = try Self.positiveInteger(value, key)
        case .httpPort: httpPort = try Self.positiveInteger(value, key)
        }
    }

    private static func positiveInteger(_ value: String, _ key: ConfigurationKey) throws -> Int {
        guard let number = Int(value), number > 0 else {
            throw ConfigurationError(key: key, reason: "expected a positive whole number")
        }
        return number
    }
}
