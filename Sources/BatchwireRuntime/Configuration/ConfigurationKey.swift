/// Every setting Batchwire reads, with the one name it has everywhere: the environment variable
/// (`BATCHWIRE_DATABASE_URL`), the flag (`--database-url`) and the configuration-file key
/// (`database-url`). `docker-compose.yml`, `batchwire.example.yaml` and the README use the same names;
/// tests check that they do.
///
/// A value is taken from (highest first) a flag, the environment, the configuration file
/// (``ConfigurationFile``), and the default. Secrets (``isSecret``) have no flag.
public enum ConfigurationKey: String, CaseIterable, Sendable {
    /// Where the metadata lives: `sqlite:<path>` (the default, `sqlite:batchwire.sqlite`) or
    /// `mysql://user:password@host:port/database`. A secret, since a MySQL URL holds a password.
    case databaseURL = "database-url"
    /// The prefix of every metadata table, Spring Batch's `BATCH_` by default.
    case tablePrefix = "table-prefix"
    /// The MQTT broker, `mqtt://host:port` or `mqtts://host:port` (TLS); no broker when unset.
    case mqttURL = "mqtt-url"
    /// The broker user name.
    case mqttUsername = "mqtt-username"
    /// The broker password. A secret: never logged.
    case mqttPassword = "mqtt-password"
    /// The first level of every topic, `batchwire` by default.
    case mqttTopicPrefix = "mqtt-topic-prefix"
    /// The PEM file of the certificate authorities that sign the broker's certificate (`mqtts://` only);
    /// the system's when unset.
    case mqttCAFile = "mqtt-ca-file"
    /// The PEM file of this node's client certificate, for brokers that require one (`mqtts://` only);
    /// set together with ``mqttKeyFile``.
    case mqttCertFile = "mqtt-cert-file"
    /// The PEM file of the private key of ``mqttCertFile``.
    case mqttKeyFile = "mqtt-key-file"
    /// The PEM file of the certificate authorities that sign the servers' certificates of `http` steps
    /// (`https://` only); the system's when unset.
    case httpStepCAFile = "http-step-ca-file"
    /// The PEM file of the client certificate `http` steps present to servers that ask for one; set together
    /// with ``httpStepKeyFile``.
    case httpStepCertFile = "http-step-cert-file"
    /// The PEM file of the private key of ``httpStepCertFile``.
    case httpStepKeyFile = "http-step-key-file"
    /// This node's name in the cluster; the host name by default.
    case nodeID = "node-id"
    /// The folder of job files, `schedules` by default.
    case schedulesDirectory = "schedules-dir"
    /// How long a node's lease on its executions lasts without a heartbeat, in seconds (30 by default).
    case leaseSeconds = "lease-seconds"
    /// How often each node looks for executions whose node died, in seconds; a third of
    /// ``leaseSeconds`` by default.
    case recoverySeconds = "recovery-seconds"
    /// On SIGTERM or SIGINT, how long running executions get to stop (and be recorded STOPPED,
    /// restartable) before the process exits, in seconds (`30`, or with a unit: `90s`, `2m`).
    case shutdownGrace = "shutdown-grace"
    /// The address `/metrics` and `/health` listen on: `127.0.0.1` (the default) for this machine only,
    /// `0.0.0.0` for every interface.
    case httpHost = "http-host"
    /// The HTTP port of `/metrics` and `/health`; no HTTP server when unset. 0 picks a free port.
    case httpPort = "http-port"
    /// The token that allows operations (start, stop, restart, abandon, pause, resume) from the dashboard and
    /// its API, sent as `Authorization: Bearer <token>`; without it the dashboard is read-only. A secret.
    case httpOperatorToken = "http-operator-token"
    /// The job status listeners to create, by factory name, comma-separated; `logging` by default.
    case listeners = "listeners"
    /// The listeners' own options, `<listener>.<option>=<value>` separated by commas, e.g.
    /// `openlineage-http.timeout=5,logging.output=stderr` (each listener's options: docs/listeners.md).
    case listenerOptions = "listener-options"
    /// The OpenLineage endpoint (`http://` or `https://`) that run events are posted to; none by default.
    case openLineageURL = "openlineage-url"
    /// The API key sent to ``openLineageURL`` as a bearer token. A secret: never logged.
    case openLineageAPIKey = "openlineage-api-key"
    /// How long delivered events stay in the outbox, in hours (`168`, a week, by default; or with a
    /// unit: `36h`, `7d`).
    case eventRetention = "event-retention"
    /// How many times the broker may refuse an outbox event (an ACL denying its topic, say) before the relay
    /// moves it to the dead letters so the job's later events flow (`5` by default).
    case deadLetterAfter = "dead-letter-after"
    /// How long before a slot is due the node claims it, in seconds (`1` by default; `0` claims at the due
    /// instant). Claiming ahead keeps the claim's durable commit off the path to an on-time launch.
    case claimAhead = "claim-ahead"
    /// Foreign-key names of the Spring tables: `spring` (Spring's exact names, the default) or `prefixed`
    /// (the table prefix in front, so several prefixes can share one MySQL database).
    case constraintNaming = "constraint-naming"
    /// The time zone of the Spring Batch JVMs that share the tables (`UTC` by default): Spring renders a
    /// `java.util.Date` parameter into the JOB_KEY with the JVM's default zone, so Batchwire must use the
    /// same one to find their instances. An IANA zone id such as `Europe/Berlin`.
    case jobKeyZone = "job-key-zone"

    /// The environment variable, e.g. `BATCHWIRE_DATABASE_URL`.
    public var environmentVariable: String {
        "BATCHWIRE_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The command-line flag, e.g. `--database-url`.
    public var flag: String { "--" + rawValue }

    /// Whether the value is, or may contain, a secret (a password, an API key, a URL with credentials)
    /// that must never be printed or logged. A secret is read from the environment or the
    /// configuration file only: a flag would show in process listings.
    public var isSecret: Bool {
        switch self {
        case .databaseURL, .mqttPassword, .openLineageAPIKey, .httpOperatorToken: true
        default: false
        }
    }
}
