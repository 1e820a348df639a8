import ArgumentParser
import BatchwireRuntime
import Foundation

/// The configuration flags every command that touches jobs, the store or the broker accepts. Each
/// flag has the name of its ``ConfigurationKey`` and wins over the `BATCHWIRE_*` environment variable,
/// which wins over the configuration file (`--config` or `BATCHWIRE_CONFIG`).
///
/// Secrets (the MQTT password, the OpenLineage API key, a MySQL URL with a password) are read only
/// from the environment or the configuration file, never a flag, so they do not show in process
/// listings.
struct ConfigurationOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "YAML configuration file whose keys are these flags' names (BATCHWIRE_CONFIG).",
            valueName: "path"
        )
    )
    var configFile: String?

    @Option(
        name: .customLong(ConfigurationKey.databaseURL.rawValue),
        help: "sqlite:path or mysql://user@host:port/db; a MySQL password only in BATCHWIRE_DATABASE_URL or the file."
    )
    var databaseURL: String?

    @Option(
        name: .customLong(ConfigurationKey.tablePrefix.rawValue),
        help: "Metadata table prefix (BATCHWIRE_TABLE_PREFIX, default BATCH_)."
    )
    var tablePrefix: String?

    @Option(
        name: .customLong(ConfigurationKey.mqttURL.rawValue),
        help: "mqtt://host:port or mqtts://host:port (BATCHWIRE_MQTT_URL; default no broker)."
    )
    var mqttURL: String?

    @Option(name: .customLong(ConfigurationKey.mqttUsername.rawValue), help: "Broker user (BATCHWIRE_MQTT_USERNAME).")
    var mqttUsername: String?

    @Option(
        name: .customLong(ConfigurationKey.mqttTopicPrefix.rawValue),
        help: "First level of every topic (BATCHWIRE_MQTT_TOPIC_PREFIX, default batchwire)."
    )
    var mqttTopicPrefix: String?

    @Option(
        name: .customLong(ConfigurationKey.mqttCAFile.rawValue),
        help: "PEM file of the CAs for the broker's certificate, mqtts:// only (BATCHWIRE_MQTT_CA_FILE)."
    )
    var mqttCAFile: String?

    @Option(
        name: .customLong(ConfigurationKey.mqttCertFile.rawValue),
        help: "PEM client certificate, with --mqtt-key-file (BATCHWIRE_MQTT_CERT_FILE)."
    )
    var mqttCertFile: String?

    @Option(
        name: .customLong(ConfigurationKey.mqttKeyFile.rawValue),
        help: "PEM private key of the client certificate (BATCHWIRE_MQTT_KEY_FILE)."
    )
    var mqttKeyFile: String?

    @Option(
        name: .customLong(ConfigurationKey.nodeID.rawValue),
        help: "This node's name (BATCHWIRE_NODE_ID, default the host name)."
    )
    var nodeID: String?

    @Option(
        name: .customLong(ConfigurationKey.schedulesDirectory.rawValue),
        help: "Folder of job files (BATCHWIRE_SCHEDULES_DIR, default schedules)."
    )
    var schedulesDirectory: String?

    @Option(
        name: .customLong(ConfigurationKey.leaseSeconds.rawValue),
        help: "Execution lease without heartbeat, seconds (BATCHWIRE_LEASE_SECONDS, default 30)."
    )
    var leaseSeconds: String?

    @Option(
        name: .customLong(ConfigurationKey.recoverySeconds.rawValue),
        help: "How often to look for dead nodes' executions, seconds (BATCHWIRE_RECOVERY_SECONDS, default lease/3)."
    )
    var recoverySeconds: String?

    @Option(
        name: .customLong(ConfigurationKey.shutdownGrace.rawValue),
        help: "Time running executions get to stop on SIGTERM, seconds or 2m (BATCHWIRE_SHUTDOWN_GRACE, default 30)."
    )
    var shutdownGrace: String?

    @Option(
        name: .customLong(ConfigurationKey.httpHost.rawValue),
        help: "Address of /metrics and /health (BATCHWIRE_HTTP_HOST, default 127.0.0.1)."
    )
    var httpHost: String?

    @Option(
        name: .customLong(ConfigurationKey.httpPort.rawValue),
        help: "Port of /metrics and /health (BATCHWIRE_HTTP_PORT; default no HTTP server)."
    )
    var httpPort: String?

    @Option(
        name: .customLong(ConfigurationKey.listeners.rawValue),
        help: "Job status listeners, comma-separated factory names (BATCHWIRE_LISTENERS, default logging)."
    )
    var listeners: String?

    @Option(
        name: .customLong(ConfigurationKey.listenerOptions.rawValue),
        help: "Listener options, <listener>.<option>=<value>,… (BATCHWIRE_LISTENER_OPTIONS), e.g. logging.output=stderr."
    )
    var listenerOptions: String?

    @Option(
        name: .customLong(ConfigurationKey.openLineageURL.rawValue),
        help: "OpenLineage endpoint, http(s) URL; key in BATCHWIRE_OPENLINEAGE_API_KEY (BATCHWIRE_OPENLINEAGE_URL)."
    )
    var openLineageURL: String?

    @Option(
        name: .customLong(ConfigurationKey.eventRetention.rawValue),
        help: "Hours delivered events are kept, or 7d (BATCHWIRE_EVENT_RETENTION, default 168)."
    )
    var eventRetention: String?

    @Option(
        name: .customLong(ConfigurationKey.deadLetterAfter.rawValue),
        help: "Broker refusals of an outbox event before it is dead-lettered (BATCHWIRE_DEAD_LETTER_AFTER, default 5)."
    )
    var deadLetterAfter: String?

    @Option(
        name: .customLong(ConfigurationKey.claimAhead.rawValue),
        help: "Seconds before a slot is due that it is claimed (BATCHWIRE_CLAIM_AHEAD, default 1)."
    )
    var claimAhead: String?

    @Option(
        name: .customLong(ConfigurationKey.constraintNaming.rawValue),
        help: "Foreign-key names: spring or prefixed (BATCHWIRE_CONSTRAINT_NAMING, default spring)."
    )
    var constraintNaming: String?

    @Option(
        name: .customLong(ConfigurationKey.httpStepCAFile.rawValue),
        help: "PEM file of the CAs for the servers http steps call (BATCHWIRE_HTTP_STEP_CA_FILE)."
    )
    var httpStepCAFile: String?

    @Option(
        name: .customLong(ConfigurationKey.httpStepCertFile.rawValue),
        help: "PEM client certificate of http steps, with --http-step-key-file (BATCHWIRE_HTTP_STEP_CERT_FILE)."
    )
    var httpStepCertFile: String?

    @Option(
        name: .customLong(ConfigurationKey.httpStepKeyFile.rawValue),
        help: "PEM private key of the http steps' client certificate (BATCHWIRE_HTTP_STEP_KEY_FILE)."
    )
    var httpStepKeyFile: String?

    @Option(
        name: .customLong(ConfigurationKey.jobKeyZone.rawValue),
        help: "Zone of the Spring JVMs, for Date parameters in JOB_KEY (BATCHWIRE_JOB_KEY_ZONE, default UTC)."
    )
    var jobKeyZone: String?

    /// The value given as a flag for `key`; `nil` for secrets, which have no flag.
    private func flagValue(_ key: ConfigurationKey) -> String? {
        switch key {
        case .databaseURL: databaseURL
        case .tablePrefix: tablePrefix
        case .mqttURL: mqttURL
        case .mqttUsername: mqttUsername
        case .mqttPassword, .openLineageAPIKey, .httpOperatorToken: nil
        case .mqttTopicPrefix: mqttTopicPrefix
        case .mqttCAFile: mqttCAFile
        case .mqttCertFile: mqttCertFile
        case .mqttKeyFile: mqttKeyFile
        case .httpStepCAFile: httpStepCAFile
        case .httpStepCertFile: httpStepCertFile
        case .httpStepKeyFile: httpStepKeyFile
        case .nodeID: nodeID
        case .schedulesDirectory: schedulesDirectory
        case .leaseSeconds: leaseSeconds
        case .recoverySeconds: recoverySeconds
        case .shutdownGrace: shutdownGrace
        case .httpHost: httpHost
        case .httpPort: httpPort
        case .listeners: listeners
        case .listenerOptions: listenerOptions
        case .openLineageURL: openLineageURL
        case .eventRetention: eventRetention
        case .deadLetterAfter: deadLetterAfter
        case .claimAhead: claimAhead
        case .constraintNaming: constraintNaming
        case .jobKeyZone: jobKeyZone
        }
    }

    /// The resolved configuration: flags, then the environment, then the configuration file, then
    /// the defaults.
    func resolve() throws -> BatchwireConfiguration {
        var overrides: [ConfigurationKey: String] = [:]
        for key in ConfigurationKey.allCases {
            overrides[key] = flagValue(key)
        }
        do {
            return try BatchwireConfiguration(
                environment: ProcessInfo.processInfo.environment,
                overrides: overrides,
                file: configFile
            )
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
    }
}
