import ArgumentParser
import BatchwireRuntime
import Foundation

/// The configuration flags every command that touches jobs, the store or the broker accepts. Each
/// flag has the name of its ``ConfigurationKey`` and wins over the `BATCHWIRE_*` environment variable.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:path or mysql://user:password@host:port/db (BATCHWIRE_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("table-prefix"), help: "Metadata table prefix (BATCHWIRE_TABLE_PREFIX, default BATCH_).")
    var tablePrefix: String?

    @Option(name: .customLong("mqtt-url"), help: "mqtt://host:port or mqtts://host:port (BATCHWIRE_MQTT_URL).")
    var mqttURL: String?

    @Option(name: .customLong("mqtt-username"), help: "Broker user (BATCHWIRE_MQTT_USERNAME).")
    var mqttUsername: String?

    @Option(name: .customLong("node-id"), help: "This node's name (BATCHWIRE_NODE_ID, default the host name).")
    var nodeID: String?

    @Option(name: .customLong("schedules-dir"), help: "Folder of job files (BATCHWIRE_SCHEDULES_DIR, default schedules).")
    var schedulesDirectory: String?

    /// The resolved configuration. The MQTT password comes only from the environment, never a flag,
    /// so it does not show in process listings.
    func resolve() throws -> BatchwireConfiguration {
        var overrides: [ConfigurationKey: String] = [:]
        overrides[.databaseURL] = databaseURL
        overrides[.tablePrefix] = tablePrefix
        overrides[.mqttURL] = mqttURL
        overrides[.mqttUsername] = mqttUsername
        overrides[.nodeID] = nodeID
        overrides[.schedulesDirectory] = schedulesDirectory
        do {
            return try BatchwireConfiguration(environment: ProcessInfo.processInfo.environment, overrides: overrides)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
