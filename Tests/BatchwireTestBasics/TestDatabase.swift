import BatchwireStore
import Foundation

/// The databases a store test runs on.
package enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, mysql
    package var description: String { rawValue }

    /// A store configuration on a fresh schema: an SQLite file in `directory`, or a table prefix of its own on
    /// the private MariaDB of `scripts/mariadb.sh` (read from the `BATCHWIRE_TEST_MYSQL_*` variables its env
    /// file exports; a missing one throws, so the MySQL variant never passes by skipping).
    /// - Parameters:
    ///   - directory: the folder of the SQLite file.
    ///   - prefixStem: the first letters of the MariaDB table prefix (a random part follows).
    /// - Throws: ``MissingMySQLEnvironment``, or ``StoreError`` for a bad URL.
    package func configuration(in directory: URL, prefixStem: String = "LT") throws -> MetadataStoreConfiguration {
        switch self {
        case .sqlite:
            return MetadataStoreConfiguration(
                location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path))
        case .mysql:
            let environment = ProcessInfo.processInfo.environment
            func value(_ name: String) throws -> String {
                guard let value = environment[name], !value.isEmpty else {
                    throw MissingMySQLEnvironment(variable: name)
                }
                return value
            }
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try value("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try value("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try value("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try value("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = prefixStem + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            var configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
            return configuration
        }
    }
}

/// The private MariaDB of `scripts/mariadb.sh`, from the variables its env file exports. A missing variable
/// fails the MySQL variant of a test: it is never skipped.
package struct MissingMySQLEnvironment: Error, CustomStringConvertible {
    package let variable: String
    package var description: String {
        "\(variable) is not set, so the MySQL variant cannot run: run `scripts/mariadb.sh start` and "
            + "`source \"$(scripts/mariadb.sh env)\"`, then run the tests again"
    }
}
