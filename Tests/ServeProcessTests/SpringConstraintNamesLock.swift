import Foundation
import MySQLClient

/// A server-wide MariaDB named lock held while this test's tables carry Spring's exact foreign-key names.
///
/// MySQL and MariaDB want foreign-key names unique per database, and `batchwire serve` (like `batchwire db
/// init` by default) expects Spring's names (`JOB_INST_EXEC_FK`, …) whatever the table prefix. So only one
/// prefix at a time may hold them in the test database. The store tests' `SYSTEM_` test takes the same lock
/// (`batchwire_store_tests_system_prefix`) for the same reason; sharing it keeps them apart.
final class SpringConstraintNamesLock: Sendable {
    static let name = "batchwire_store_tests_system_prefix"

    private let connection: MySQLConnection

    struct NotAcquired: Error, CustomStringConvertible {
        let seconds: Int
        var description: String {
            "could not take the MariaDB lock '\(SpringConstraintNamesLock.name)' within \(seconds) s: another test keeps "
                + "tables with Spring's foreign-key names; run again when it is done"
        }
    }

    private init(connection: MySQLConnection) {
        self.connection = connection
    }

    /// Waits up to `seconds` for the lock.
    static func acquire(waitingUpTo seconds: Int = 600) async throws -> SpringConstraintNamesLock {
        let connection = try await MySQLConnection.connect(configuration: try ServeTestEnvironment.mysqlConfiguration())
        let rows = try await connection.query("SELECT GET_LOCK(?, ?) AS L", [.string(name), .int64(Int64(seconds))])
        guard try rows.first?.int64("L") == 1 else {
            await connection.close()
            throw NotAcquired(seconds: seconds)
        }
        return SpringConstraintNamesLock(connection: connection)
    }

    /// Releases the lock and closes its connection.
    func release() async {
        _ = try? await connection.query("SELECT RELEASE_LOCK(?) AS L", [.string(Self.name)])
        await connection.close()
    }
}
