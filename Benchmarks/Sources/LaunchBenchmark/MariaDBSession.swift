import Foundation
import MySQLClient

/// The benchmark's own connection to the MariaDB under test (from the `BATCHWIRE_TEST_MYSQL_*`
/// variables): empties the test database, reads the global counters and the metadata tables.
struct MariaDBSession: MetadataReader {
    /// The address and account, as `scripts/mariadb.sh` exports them.
    struct Address: Sendable {
        let host: String
        let port: Int
        let user: String
        let password: String
        let database: String

        init?(environment: [String: String]) {
            guard let host = environment["BATCHWIRE_TEST_MYSQL_HOST"],
                let port = environment["BATCHWIRE_TEST_MYSQL_PORT"].flatMap(Int.init),
                let user = environment["BATCHWIRE_TEST_MYSQL_USER"],
                let password = environment["BATCHWIRE_TEST_MYSQL_PASSWORD"],
                let database = environment["BATCHWIRE_TEST_MYSQL_DATABASE"]
            else { return nil }
            (self.host, self.port, self.user, self.password, self.database) = (host, port, user, password, database)
        }

        /// serve's `database-url`, credentials percent-encoded.
        var databaseURL: String { url(password: password) }

        /// The URL with the password masked, for printing.
        var maskedURL: String { url(password: "***") }

        private func url(password: String) -> String {
            let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
            let secret = password == "***"
                ? password : (password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password)
            return "mysql://\(user):\(secret)@\(host):\(port)/\(database)"
        }
    }

    let address: Address
    let connection: MySQLConnection

    static func connect(_ address: Address) async throws -> MariaDBSession {
        let configuration = MySQLConfiguration(
            host: address.host, port: address.port, user: address.user, password: address.password,
            database: address.database)
        return MariaDBSession(address: address, connection: try await MySQLConnection.connect(configuration: configuration))
    }

    func close() async { await connection.close() }

    func rows(_ sql: String) async throws -> [[String?]] {
        try await connection.query(sql).map { row in row.values.map(Self.text) }
    }

    /// Drops every table (and sequence) of the test database, foreign keys notwithstanding.
    /// - Returns: how many it dropped.
    func dropAllTables() async throws -> Int {
        let names = try await rows(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        ).compactMap { $0.first ?? nil }
        try await connection.executeUnprepared("SET FOREIGN_KEY_CHECKS = 0")
        for name in names {
            try await connection.executeUnprepared("DROP TABLE IF EXISTS `\(name.replacingOccurrences(of: "`", with: "``"))`")
        }
        try await connection.executeUnprepared("SET FOREIGN_KEY_CHECKS = 1")
        return names.count
    }

    /// The global counters of ``ServerCounters/names``.
    func counters() async throws -> ServerCounters {
        let list = ServerCounters.names.map { "'\($0.uppercased())'" }.joined(separator: ", ")
        let found = try await rows(
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN (\(list))")
        var values: [String: Int64] = [:]
        for row in found {
            guard row.count == 2, let name = row[0], let value = row[1].flatMap({ Int64($0) }) else { continue }
            if let known = ServerCounters.names.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                values[known] = value
            }
        }
        return ServerCounters(values: values)
    }

    /// Client sessions other than this one (`user@host command`), to warn that someone else loads the server.
    func otherSessions() async throws -> [String] {
        try await rows(
            "SELECT USER, HOST, COMMAND, DB FROM information_schema.PROCESSLIST "
                + "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump') AND USER <> 'system user'"
        ).map { row in row.map { $0 ?? "NULL" }.joined(separator: " ") }
    }

    /// The port the server listens on, to check that the pid file names the same server.
    func serverPort() async throws -> Int? {
        guard let row = try await rows("SELECT @@port").first, let value = row.first ?? nil else { return nil }
        return Int(value)
    }

    private static func text(_ value: MySQLValue) -> String? {
        switch value {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .data(let bytes): String(decoding: bytes, as: UTF8.self)
        case .date(let date): UTCText.sql(date)
        }
    }
}
