import Foundation

/// A variable the benchmark needs is not set, and how to provide it.
public struct MissingEnvironment: Error, CustomStringConvertible {
    /// The variable, with what it should hold when that is not obvious.
    public let variable: String

    /// - Parameter variable: the variable's name.
    public init(variable: String) {
        self.variable = variable
    }

    public var description: String {
        "\(variable) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` first"
    }
}

/// The private servers of `scripts/services.sh`, read from the `BATCHWIRE_TEST_*` variables its env file exports.
public enum BenchmarkEnvironment {
    /// The MariaDB of `scripts/services.sh`: the `BATCHWIRE_TEST_MYSQL_*` variables.
    public struct MySQL: Sendable {
        public let host: String
        public let port: Int
        public let user: String
        public let password: String
        public let database: String

        /// `mysql://user:password@host:port/database`, the form `BATCHWIRE_DATABASE_URL` takes.
        public var url: String {
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = host
            components.port = port
            components.user = user
            components.password = password
            components.path = "/" + database
            return components.string ?? ""
        }
    }

    /// The Mosquitto of `scripts/services.sh`: the `BATCHWIRE_TEST_MQTT_*` variables.
    public struct MQTT: Sendable {
        public let host: String
        public let port: Int
        public let user: String
        public let password: String

        /// `host:port`.
        public var address: String { "\(host):\(port)" }
    }

    /// The value of `name`.
    /// - Throws: ``MissingEnvironment`` when it is unset or empty.
    public static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingEnvironment(variable: name)
        }
        return value
    }

    /// The MariaDB's address and account.
    /// - Throws: ``MissingEnvironment`` naming the first variable missing.
    public static func mysql() throws -> MySQL {
        guard let port = Int(try value("BATCHWIRE_TEST_MYSQL_PORT")) else {
            throw MissingEnvironment(variable: "BATCHWIRE_TEST_MYSQL_PORT (a number)")
        }
        return MySQL(
            host: try value("BATCHWIRE_TEST_MYSQL_HOST"), port: port, user: try value("BATCHWIRE_TEST_MYSQL_USER"),
            password: try value("BATCHWIRE_TEST_MYSQL_PASSWORD"), database: try value("BATCHWIRE_TEST_MYSQL_DATABASE"))
    }

    /// The broker's address and the `batchwire` account.
    /// - Throws: ``MissingEnvironment`` naming the first variable missing.
    public static func mqtt() throws -> MQTT {
        guard let port = Int(try value("BATCHWIRE_TEST_MQTT_PORT")) else {
            throw MissingEnvironment(variable: "BATCHWIRE_TEST_MQTT_PORT (a number)")
        }
        return MQTT(
            host: try value("BATCHWIRE_TEST_MQTT_HOST"), port: port, user: try value("BATCHWIRE_TEST_MQTT_USER"),
            password: try value("BATCHWIRE_TEST_MQTT_PASSWORD"))
    }

    /// `host:port` of the broker as the environment names it, `?` for what is missing (for a report's header).
    public static var brokerAddress: String {
        let environment = ProcessInfo.processInfo.environment
        return "\(environment["BATCHWIRE_TEST_MQTT_HOST"] ?? "?"):\(environment["BATCHWIRE_TEST_MQTT_PORT"] ?? "?")"
    }
}
