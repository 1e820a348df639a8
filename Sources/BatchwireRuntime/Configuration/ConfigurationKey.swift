/// Every setting Batchwire reads, with the one name it has everywhere: the environment variable
/// (`BATCHWIRE_DATABASE_URL`), the flag (`--database-url`) and the configuration-file key
/// (`database-url`). `docker-compose.yml` uses the same names; a test checks that it does.
public enum ConfigurationKey: String, CaseIterable, Sendable {
    /// Where the metadata lives: `sqlite:<path>` (the default, `sqlite:batchwire.sqlite`) or
    /// `mysql://user:password@host:port/database`.
    case databaseURL = "database-url"
    /// The prefix of every metadata table, Spring Batch's `BATCH_` by default.
    case tablePrefix = "table-prefix"
    /// The MQTT broker, `mqtt://host:port` or `mqtts://host:port`; no broker when unset.
    case mqttURL = "mqtt-url"
    /// The broker user name.
    case mqttUsername = "mqtt-username"
    /// The broker password. A secret: never logged.
    case mqttPassword = "mqtt-password"
    /// The first level of every topic, `batchwire` by default.
    case mqttTopicPrefix = "mqtt-topic-prefix"
    /// This node's name in the cluster; the host name by default.
    case nodeID = "node-id"
    /// The folder of job files, `schedules` by default.
    case schedulesDirectory = "schedules-dir"
    /// How long a node's lease on its executions lasts without a heartbeat, in seconds.
    case leaseSeconds = "lease-seconds"
    /// The HTTP port of `/metrics` and `/health`; none when unset.
    case httpPort = "http-port"

    /// The environment variable, e.g. `BATCHWIRE_DATABASE_URL`.
    public var environmentVariable: String {
        "BATCHWIRE_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The command-line flag, e.g. `--database-url`.
    public var flag: String { "--" + rawValue }

    /// Whether the value is a secret that must never be printed or logged.
    public var isSecret: Bool { self == .mqttPassword || self == .databaseURL }
}
