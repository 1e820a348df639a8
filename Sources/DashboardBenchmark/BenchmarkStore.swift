import BatchwireStore
import Foundation
import MySQLClient

/// Where the benchmark fills and reads: an SQLite file of its own, or fresh tables (a prefix of their own,
/// dropped at the end) on the MariaDB or MySQL of `scripts/services.sh`, from the `BATCHWIRE_TEST_MYSQL_*`
/// variables that `source "$(scripts/services.sh env)"` exports.
enum BenchmarkStore: String {
    case sqlite, mysql

    struct MissingVariable: Error, CustomStringConvertible {
        let name: String
        var description: String {
            "\(name) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` first"
        }
    }

    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw MissingVariable(name: name) }
        return value
    }

    /// The store's configuration; SQLite's file goes in `directory`.
    func configuration(in directory: URL) throws -> MetadataStoreConfiguration {
        switch self {
        case .sqlite:
            return MetadataStoreConfiguration(location: .sqlite(path: directory.appendingPathComponent("bench.sqlite").path))
        case .mysql:
            var components = URLComponents()
            components.scheme = "mysql"
            components.host = try Self.variable("BATCHWIRE_TEST_MYSQL_HOST")
            components.port = Int(try Self.variable("BATCHWIRE_TEST_MYSQL_PORT"))
            components.user = try Self.variable("BATCHWIRE_TEST_MYSQL_USER")
            components.password = try Self.variable("BATCHWIRE_TEST_MYSQL_PASSWORD")
            components.path = "/" + (try Self.variable("BATCHWIRE_TEST_MYSQL_DATABASE"))
            let prefix = "DB" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            var configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: components.string ?? ""), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
            return configuration
        }
    }

    /// A connection of the benchmark's own to the MariaDB (filling, `EXPLAIN`).
    static func mysqlConnection() async throws -> MySQLConnection {
        try await MySQLConnection.connect(
            configuration: MySQLConfiguration(
                host: try variable("BATCHWIRE_TEST_MYSQL_HOST"), port: Int(try variable("BATCHWIRE_TEST_MYSQL_PORT")) ?? 3306,
                user: try variable("BATCHWIRE_TEST_MYSQL_USER"), password: try variable("BATCHWIRE_TEST_MYSQL_PASSWORD"),
                database: try variable("BATCHWIRE_TEST_MYSQL_DATABASE")))
    }
}
