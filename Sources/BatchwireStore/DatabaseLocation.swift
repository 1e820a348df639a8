import Foundation
import MySQLClient

/// Where the metadata lives: an SQLite file or a MySQL/MariaDB database.
public enum DatabaseLocation: Sendable, CustomStringConvertible {
    /// An SQLite file, created if missing.
    case sqlite(path: String)
    /// A MySQL 8 or MariaDB 10.11+ database.
    case mysql(MySQLConfiguration)

    /// The embedded default, `sqlite:batchwire.sqlite`.
    public static let `default` = DatabaseLocation.sqlite(path: "batchwire.sqlite")

    /// Parses `sqlite:path`, `sqlite://path` or `mysql://user:password@host[:port]/database`, the format of
    /// `BATCHWIRE_DATABASE_URL`.
    /// - Throws: ``StoreError`` `.invalidArgument` naming what is wrong (never the password).
    public init(url text: String) throws(StoreError) {
        let example = "use sqlite:path/to/file.sqlite or mysql://user:password@host:3306/database"
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StoreError(.invalidArgument, "the SQLite path is empty; \(example)") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("mysql://"), let components = URLComponents(string: text) else {
            throw StoreError(.invalidArgument, "unknown database URL scheme; \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.invalidArgument, "the MySQL URL has no host; \(example)")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else { throw StoreError(.invalidArgument, "the MySQL URL names no database; \(example)") }
        self = .mysql(
            MySQLConfiguration(
                host: host, port: components.port ?? 3306,
                user: components.user?.removingPercentEncoding ?? "root",
                password: components.password?.removingPercentEncoding ?? "",
                database: database))
    }

    /// The location with the password hidden, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .mysql(let configuration): configuration.description
        }
    }
}
