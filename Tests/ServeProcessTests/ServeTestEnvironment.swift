import BatchwireTestSupport
import Foundation
import MySQLClient

/// What these tests read from their own environment (through ``TestEnvironment``): the private MariaDB and Mosquitto that
/// `scripts/services.sh start` runs (through the variables its env file exports), and how long the
/// cluster test fires.
enum ServeTestEnvironment {
    /// A variable is set to something the tests cannot use.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The MariaDB database as a `batchwire` database URL (user and password percent-encoded).
    static func mysqlURL() throws -> String {
        let user = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER")
        let password = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD")
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        let encodedPassword = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        return "mysql://\(encodedUser):\(encodedPassword)@\(try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST")):"
            + "\(try TestEnvironment.int("BATCHWIRE_TEST_MYSQL_PORT"))/\(try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"))"
    }

    /// The same MariaDB for a direct connection of the test itself.
    static func mysqlConfiguration() throws -> MySQLConfiguration {
        MySQLConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST"), port: try TestEnvironment.int("BATCHWIRE_TEST_MYSQL_PORT"),
            user: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER"), password: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD"),
            database: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"), connectTimeout: .seconds(10))
    }

    /// The broker settings of a `batchwire` process: `BATCHWIRE_MQTT_*` for the test broker's account.
    static func brokerEnvironment() throws -> [String: String] {
        [
            "BATCHWIRE_MQTT_URL":
                "mqtt://\(try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST")):\(try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT"))",
            "BATCHWIRE_MQTT_USERNAME": try TestEnvironment.value("BATCHWIRE_TEST_MQTT_USER"),
            "BATCHWIRE_MQTT_PASSWORD": try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PASSWORD"),
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
