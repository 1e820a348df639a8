import Foundation

/// Where Batchwire keeps its metadata, parsed from `BATCHWIRE_DATABASE_URL`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file, created if missing: the embedded default.
    case sqlite(path: String)
    /// A MySQL 8 or MariaDB server.
    case mysql(host: String, port: Int, user: String, password: String, database: String)

    /// The embedded default, `sqlite:batchwire.sqlite`.
    public static let `default` = DatabaseURL.sqlite(path: "batchwire.sqlite")

    /// Parses `sqlite:path`, `sqlite://path` or `mysql://user:password@host[:port]/database`.
    /// - Throws: ``ConfigurationError`` naming what is wrong and what a valid value looks like.
    public init(parsing text: String) throws {
        let example = "use sqlite:path/to/file.sqlite or mysql://user:password@host:3306/database"
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw ConfigurationError(key: .databaseURL, reason: "the SQLite path is empty; \(example)")
            }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("mysql://"), let components = URLComponents(string: text) else {
            throw ConfigurationError(key: .databaseURL, reason: "unknown database URL scheme; \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(key: .databaseURL, reason: "the MySQL URL has no host; \(example)")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else {
            throw ConfigurationError(key: .databaseURL, reason: "the MySQL URL names no database; \(example)")
        }
        self = .mysql(
            host: host,
            port: components.port ?? 3306,
            user: components.user?.removingPercentEncoding ?? "root",
            password: components.password?.removingPercentEncoding ?? "",
            database: database
        )
    }

    /// The URL with the password masked, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .mysql(let host, let port, let user, _, let database): "mysql://\(user):***@\(host):\(port)/\(database)"
        }
    }
}
