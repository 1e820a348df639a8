import BatchwireTestBasics
import Foundation
import MySQLClient
import Testing

/// The private MariaDB that `scripts/services.sh start` (or `scripts/mariadb.sh start`) runs,
/// read from the environment its env file exports.
enum MySQLTestServer {
    /// The TCP configuration for the test account.
    static func configuration(password: String? = nil) throws -> MySQLConfiguration {
        let port = try TestEnvironment.int("BATCHWIRE_TEST_MYSQL_PORT")
        return MySQLConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_HOST"),
            port: port,
            user: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_USER"),
            password: try password ?? TestEnvironment.value("BATCHWIRE_TEST_MYSQL_PASSWORD"),
            database: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_DATABASE"),
            connectTimeout: .seconds(5)
        )
    }

    /// The Unix socket configuration for the test account.
    static func socketConfiguration() throws -> MySQLConfiguration {
        var configuration = try configuration()
        configuration.endpoint = .unixSocket(path: try TestEnvironment.value("BATCHWIRE_TEST_MYSQL_SOCKET"))
        return configuration
    }

    static func connect() async throws -> MySQLConnection {
        try await MySQLConnection.connect(configuration: configuration())
    }

    /// A table name no other test (or earlier run) uses, so tests can run in parallel.
    static func uniqueTableName(_ purpose: String) -> String {
        "t_\(purpose)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates a table from `columns`, runs `body` with a connection and the table's name, then drops it.
    static func withTable<T>(
        _ purpose: String,
        columns: String,
        _ body: (MySQLConnection, String) async throws -> T
    ) async throws -> T {
        let connection = try await connect()
        let table = uniqueTableName(purpose)
        try await connection.execute("CREATE TABLE \(table) (\(columns)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
        do {
            let result = try await body(connection, table)
            _ = try? await connection.execute("DROP TABLE IF EXISTS \(table)")
            await connection.close()
            return result
        } catch {
            _ = try? await connection.execute("DROP TABLE IF EXISTS \(table)")
            await connection.close()
            throw error
        }
    }
}

/// Runs `body`, expecting it to throw a ``MySQLError``, and returns that error.
func expectMySQLError(
    _ body: () async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> MySQLError? {
    do {
        try await body()
        Issue.record("expected a MySQLError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as MySQLError {
        return error
    } catch {
        Issue.record("expected a MySQLError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
