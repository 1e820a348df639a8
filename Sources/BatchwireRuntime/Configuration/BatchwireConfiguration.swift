import BatchwireCore
import BatchwireStore
import Foundation

/// Batchwire's settings, resolved from (highest first) command-line flags, environment variables, a
/// configuration file and defaults. Each setting's name is a ``ConfigurationKey``.
public struct BatchwireConfiguration: Sendable, Equatable {
    /// Where the metadata lives (`database-url`).
    public var database: DatabaseURL = .default
    /// The metadata table prefix (`table-prefix`).
    public var tablePrefix: String = "BATCH_"
    /// The MQTT broker URL, or `nil` to run without a broker (`mqtt-url`).
    public var mqttURL: String?
    /// The MQTT user name (`mqtt-username`).
    public var mqttUsername: String?
    /// The MQTT password, a secret (`mqtt-password`).
    public var mqttPassword: String?
    /// The first level of every MQTT topic (`mqtt-topic-prefix`).
    public var mqttTopicPrefix: String = "batchwire"
    /// The PEM file of the certificate authorities for the broker's certificate (`mqtt-ca-file`);
    /// `nil` for the system's.
    public var mqttCAFile: String?
    /// The PEM file of this node's client certificate (`mqtt-cert-file`), set with ``mqttKeyFile``.
    public var mqttCertFile: String?
    /// The PEM file of the client certificate's private key (`mqtt-key-file`).
    public var mqttKeyFile: String?
    /// The PEM file of the CAs for the servers `http` steps call (`http-step-ca-file`); `nil` for the system's.
    public var httpStepCAFile: String?
    /// The PEM client certificate of `http` steps (`http-step-cert-file`), set with ``httpStepKeyFile``.
    public var httpStepCertFile: String?
    /// The PEM private key of ``httpStepCertFile`` (`http-step-key-file`).
    public var httpStepKeyFile: String?
    /// This node's name (`node-id`).
    public var nodeID: String = ProcessInfo.processInfo.hostName
    /// The folder of job files (`schedules-dir`).
    public var schedulesDirectory: String = "schedules"
    /// The execution lease duration, in seconds (`lease-seconds`).
    public var leaseSeconds: Int = 30
    /// How often each node looks for executions whose node died (`recovery-seconds`): as set, or a
    /// third of ``leaseSeconds``.
    public var recoveryInterval: Duration {
        get { explicitRecoveryInterval ?? .seconds(leaseSeconds) / 3 }
        set { explicitRecoveryInterval = newValue }
    }
    /// How long running executions get to stop on SIGTERM or SIGINT (`shutdown-grace`).
    public var shutdownGrace: Duration = .seconds(30)
    /// The address of `/metrics` and `/health` (`http-host`).
    public var httpHost: String = "127.0.0.1"
    /// The `/metrics` and `/health` port, if any (`http-port`); 0 picks a free port.
    public var httpPort: Int?
    /// The token that allows operations from the dashboard, a secret (`http-operator-token`); `nil`: read-only.
    public var httpOperatorToken: String?
    /// The job status listener factories to create, in order (`listeners`).
    public var listeners: [String] = ["logging"]
    /// The listeners' options by `<listener>.<option>`, e.g. `openlineage-http.timeout` (`listener-options`).
    public var listenerOptions: [String: String] = [:]
    /// The OpenLineage endpoint run events are posted to, if any (`openlineage-url`).
    public var openLineageURL: URL?
    /// The OpenLineage API key, a secret (`openlineage-api-key`).
    public var openLineageAPIKey: String?
    /// How long delivered events stay in the outbox (`event-retention`).
    public var eventRetention: Duration = .seconds(168 * 3600)
    /// How many refusals by the broker an outbox event gets before the relay dead-letters it (`dead-letter-after`).
    public var deadLetterAfter: Int = 5
    /// How long before a slot is due the scheduler claims it (`claim-ahead`).
    public var claimAhead: Duration = .seconds(1)
    /// Spring's exact foreign-key names or prefixed ones (`constraint-naming`).
    public var constraintNaming: ConstraintNaming = .spring
    /// The JVM zone that `Date` parameters are rendered in for the JOB_KEY (`job-key-zone`).
    public var jobKeyZone: JavaTimeZone = .utc

    private var explicitRecoveryInterval: Duration?

    /// The defaults.
    public init() {}

    /// Resolves the settings: defaults, then the configuration file, then the environment, then flags,
    /// each value checked as it is read.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`ProcessInfo.processInfo.environment`).
    ///   - overrides: values given as flags, which win over everything else.
    ///   - file: the configuration file (from `--config`); when `nil`, the one `BATCHWIRE_CONFIG`
    ///     names, if any.
    /// - Throws: ``ConfigurationFileError`` for a missing or malformed file, ``ConfigurationError`` for
    ///   a malformed value (located in the file, the environment or the flags) or two settings that do
    ///   not fit together.
    public init(
        environment: [String: String],
        overrides: [ConfigurationKey: String] = [:],
        file: String? = nil
    ) throws {
        self.init()
        var sources: [ConfigurationKey: ConfigurationSource] = [:]
        if let path = file ?? environment[ConfigurationFile.environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            for entry in try ConfigurationFile(contentsOf: path).entries {
                let source = ConfigurationSource.file(path: path, line: entry.line)
                try apply(entry.value, to: entry.key, from: source)
                sources[entry.key] = source
            }
        }
        for key in ConfigurationKey.allCases {
            if let value = environment[key.environmentVariable], !value.isEmpty {
                try apply(value, to: key, from: .environment)
                sources[key] = .environment
            }
        }
        for key in ConfigurationKey.allCases {
            if let value = overrides[key], !value.isEmpty {
                try apply(value, to: key, from: .flag)
                sources[key] = .flag
            }
        }
        try checkCombinations(sources: sources)
    }

    private mutating func apply(_ value: String, to key: ConfigurationKey, from source: ConfigurationSource) throws {
        do {
            try apply(value, to: key)
        } catch let error as ConfigurationError {
            throw error.from(source)
        }
        if source == .flag {
            try refuseSecretFlag(key)
        }
    }

    /// A secret given as a flag would show in process listings and shell history. `--database-url`
    /// is accepted for SQLite files and MySQL URLs without a password, the everyday cases.
    private func refuseSecretFlag(_ key: ConfigurationKey) throws {
        let instead = "give it in \(key.environmentVariable) or the configuration file (\(ConfigurationFile.flag))"
        switch key {
        case .databaseURL:
            if case .mysql(_, _, _, let password, _) = database, !password.isEmpty {
                throw ConfigurationError(
                    key: key,
                    reason: "a URL with a password would show in process listings; \(instead)",
                    source: .flag
                )
            }
        case _ where key.isSecret:
            throw ConfigurationError(key: key, reason: "a secret is never read from a flag; \(instead)", source: .flag)
        default:
            break
        }
    }
}
