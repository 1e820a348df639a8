import Foundation
import MySQLClient

/// What these tests read from their own environment: the private MariaDB and Mosquitto that
/// `scripts/services.sh start` runs (through the variables its env file exports), and how long the
/// cluster test fires.
enum ServeTestEnvironment {
    /// A variable the tests need is not set: they fail (never skip) with what to do.
    struct Missing: Error, CustomStringConvertible {
        let variable: String
        var description: String {
            "\(variable) is not set, so this test cannot reach the real server: run `scripts/services.sh start` and "
                + "`source \"$(scripts/services.sh env)\"` (or scripts/test.sh, which does both), then run the tests again."
        }
    }

    /// A variable is set to something the tests cannot use.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw Missing(variable: name)
        }
        return value
    }

    static func number(_ name: String) throws -> Int {
        guard let number = Int(try value(name)) else { throw Missing(variable: "\(name) (a number)") }
        return number
    }

    /// The MariaDB database as a `batchwire` database URL (user and password percent-encoded).
    static func mysqlURL() throws -> String {
        let user = try value("BATCHWIRE_TEST_MYSQL_USER")
        let password = try value("BATCHWIRE_TEST_MYSQL_PASSWORD")
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        let encodedPassword = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "mysql://\(encodedUser):\(encodedPassword)@\(try value("BATCHWIRE_TEST_MYSQL_HOST")):"
            + "\(try number("BATCHWIRE_TEST_MYSQL_PORT"))/\(try value("BATCHWIRE_TEST_MYSQL_DATABASE"))"
    }

    /// The same MariaDB for a direct connection of the test itself.
    static func mysqlConfiguration() throws -> MySQLConfiguration {
        MySQLConfiguration(
            host: try value("BATCHWIRE_TEST_MYSQL_HOST"), port: try number("BATCHWIRE_TEST_MYSQL_PORT"),
            user: try value("BATCHWIRE_TEST_MYSQL_USER"), password: try value("BATCHWIRE_TEST_MYSQL_PASSWORD"),
            database: try value("BATCHWIRE_TEST_MYSQL_DATABASE"), connectTimeout: .seconds(10))
    }

    /// The broker settings of a `batchwire` process: `BATCHWIRE_MQTT_*` for the test broker's account.
    static func brokerEnvironment() throws -> [String: String] {
        [
            "BATCHWIRE_MQTT_URL":
                "mqtt://\(try value("BATCHWIRE_TEST_MQTT_HOST")):\(try number("BATCHWIRE_TEST_MQTT_PORT"))",
            "BATCHWIRE_MQTT_USERNAME": try value("BATCHWIRE_TEST_MQTT_USER"),
            "BATCHWIRE_MQTT_PASSWORD": try value("BATCHWIRE_TEST_MQTT_PASSWORD"),
        ]
    }

    /// How many seconds the three-node test fires: `BATCHWIRE_SERVE_TEST_SECONDS`, 60 by default (the
    /// issue asks for ~200 fires; `BATCHWIRE_SERVE_TEST_SECONDS=200` runs that long).
    static func clusterSeconds() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["BATCHWIRE_SERVE_TEST_SECONDS"], !text.isEmpty else {
            return 60
        }
        guard let seconds = Int(text), seconds >= 10 else {
            throw Invalid(
                description: "BATCHWIRE_SERVE_TEST_SECONDS is '\(text)'; set a whole number of seconds, at least 10")
        }
        return seconds
    }
}
