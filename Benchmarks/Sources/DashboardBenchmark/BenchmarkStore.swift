import BatchwireStore
import BenchmarkSupport
import Foundation
import MySQLClient

/// Where the benchmark fills and reads: an SQLite file of its own, or fresh tables (a prefix of their own,
/// dropped at the end) on the MariaDB or MySQL of `scripts/services.sh`, from the `BATCHWIRE_TEST_MYSQL_*`
/// variables that `source "$(scripts/services.sh env)"` exports.
enum BenchmarkStore: String {
    case sqlite, mysql

    /// The store's configuration; SQLite's file goes in `directory`.
    func configuration(in directory: URL) throws -> MetadataStoreConfiguration {
        switch self {
        case .sqlite:
            let file = directory.appendingPathComponent("bench.sqlite").path
            return MetadataStoreConfiguration(location: .sqlite(path: file))
        case .mysql:
            let prefix = "DB" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10) + "_"
            var configuration = MetadataStoreConfiguration(
                location: try DatabaseLocation(url: try BenchmarkEnvironment.mysql().url), tablePrefix: prefix)
            configuration.constraintNaming = .prefixed
            return configuration
        }
    }

    /// A connection of the benchmark's own to the MariaDB (filling, `EXPLAIN`).
    static func mysqlConnection() async throws -> MySQLConnection {
        let mysql = try BenchmarkEnvironment.mysql()
        return try await MySQLConnection.connect(
            configuration: MySQLConfiguration(
                host: mysql.host, port: mysql.port, user: mysql.user, password: mysql.password,
                database: mysql.database))
    }
}
