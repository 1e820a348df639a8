import BatchwireStore
import Foundation

/// Where Batchwire keeps its metadata, parsed from `BATCHWIRE_DATABASE_URL`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file, created if missing: the embedded default.
    case sqlite(path: String)
    /// A MySQL 8 or MariaDB server.
    case mysql(host: String, port: Int, user: String, password: String, database: String)

    /// The embedded default, `sqlite:batchwire.sqlite`.
    public static let `default` = DatabaseURL.sqlite(path: "batchwire.sqlite")

    /// Parses `sqlite:path`, `sqlite://path` or `mysql://user:password@host[:port]/database`, with the store's
    /// parser (``DatabaseLocation/init(url:)``), so the setting and the store read a URL the same way.
    /// - Throws: ``ConfigurationError`` naming what is wrong and what a valid value looks like.
    public init(parsing text: String) throws {
        let location: DatabaseLocation
        do throws(StoreError) {
            location = try DatabaseLocation(url: text)
        } catch {
            throw ConfigurationError(key: .databaseURL, reason: error.message)
        }
        switch location {
        case .sqlite(let path):
            self = .sqlite(path: path)
        case .mysql(let configuration):
            // The parser always makes a TCP endpoint with a database; this guard only keeps the compiler sure.
            guard case .tcp(let host, let port) = configuration.endpoint, let database = configuration.database else {
                throw ConfigurationError(
                    key: .databaseURL, reason: "use a MySQL URL such as mysql://user:password@host:3306/database")
            }
            self = .mysql(
                host: host, port: port, user: configuration.user, password: configuration.password,
                database: database)
        }
    }

    /// The URL with the password masked, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .mysql(let host, let port, let user, _, let database): "mysql://\(user):***@\(host):\(port)/\(database)"
        }
    }
}
