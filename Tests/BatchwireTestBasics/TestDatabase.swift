import BatchwireStore
import Foundation

/// The databases a store test runs on.
package enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, mysql
    package var description: String { rawValue }

    /// A store configuration on a fresh schema: an SQLite file in `directory`, or a table prefix of its own on
    /// the private MariaDB of `scripts/mariadb.sh` (read from the `BATCHWIRE_TEST_MYSQL_*` variables its env
    /// file exports through ``TestEnvironment``: a missing one skips the MySQL case with a note, or fails it
    /// under `BATCHWIRE_REQUIRE_SERVICES=1`).
    /// - Parameters:
    ///   - directory: the folder of the SQLite file.
    ///   - prefixStem: the first letters of the MariaDB table prefix (a random part follows).
    /// - Throws: ``MissingTestEnvironment``, or ``StoreError`` for a bad URL.
    package func configuration(in directory: URL, prefixStem: String = "LT") throws -> MetadataStoreConfiguration {
        switch self {
        case .sqlite:
            return MetadataStoreConfiguration(
                location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path))
        case .mysql:
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = prefixStem + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            var configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
            return configuration
        }
    }
}
