/// A server the integration tests talk to: the private instances `scripts/services.sh start` runs, each
/// described by the `BATCHWIRE_TEST_*` variables its env file exports.
package enum TestService: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The plain MariaDB of `scripts/mariadb.sh` (`BATCHWIRE_TEST_MYSQL_*`).
    case mysql
    /// The one-node Galera cluster of `scripts/galera.sh` (`BATCHWIRE_TEST_GALERA_*`).
    case galera
    /// The Mosquitto broker of `scripts/mosquitto.sh` (`BATCHWIRE_TEST_MQTT_*`).
    case mqtt

    /// The server's name as a person would say it.
    package var description: String {
        switch self {
        case .mysql: "MariaDB"
        case .galera: "the Galera node"
        case .mqtt: "Mosquitto"
        }
    }

    /// The prefix of the variables that describe the server.
    package var variablePrefix: String {
        switch self {
        case .mysql: "BATCHWIRE_TEST_MYSQL_"
        case .galera: "BATCHWIRE_TEST_GALERA_"
        case .mqtt: "BATCHWIRE_TEST_MQTT_"
        }
    }

    /// The variables a test needs to reach the server.
    package var requiredVariables: [String] {
        switch self {
        case .mysql, .galera: ["HOST", "PORT", "USER", "PASSWORD", "DATABASE"].map { variablePrefix + $0 }
        case .mqtt: ["HOST", "PORT", "USER", "PASSWORD"].map { variablePrefix + $0 }
        }
    }

    /// Whether every variable of ``requiredVariables`` is set and not empty.
    package var isConfigured: Bool {
        requiredVariables.allSatisfy { TestEnvironment.string($0) != nil }
    }

    /// The service a `BATCHWIRE_TEST_*` variable belongs to, if any.
    package init?(variable: String) {
        guard let service = Self.allCases.first(where: { variable.hasPrefix($0.variablePrefix) }) else { return nil }
        self = service
    }
}
