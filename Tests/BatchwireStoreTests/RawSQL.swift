import BatchwireStore
import Foundation
import MySQLClient
import SQLiteClient

/// Plain SQL on a connection of its own, outside the store: to check what the store wrote, to write rows
/// the way Spring Batch writes them, and to damage the schema on purpose.
enum RawSQL: Sendable {
    case mysql(MySQLConnection)
    case sqlite(SQLiteConnection)

    static func open(_ backend: TestBackend, configuration: MetadataStoreConfiguration) async throws -> RawSQL {
        switch configuration.location {
        case .mysql(let mysql): return .mysql(try await MySQLConnection.connect(configuration: mysql))
        case .sqlite(let path): return .sqlite(try await SQLiteConnection(path: path))
        }
    }

    /// Runs a statement.
    func execute(_ sql: String, _ binds: [String?] = []) async throws {
        switch self {
        case .mysql(let connection): try await connection.execute(sql, binds.map { MySQLValue($0) })
        case .sqlite(let connection): try await connection.execute(sql, binds.map { $0.map { .text($0) } ?? .null })
        }
    }

    /// Runs a query; every value as text (`nil` for NULL).
    func rows(_ sql: String, _ binds: [String?] = []) async throws -> [[String?]] {
        switch self {
        case .mysql(let connection):
            return try await connection.query(sql, binds.map { MySQLValue($0) }).map { row in
                row.values.map { value -> String? in
                    switch value {
                    case .null: nil
                    case .int64(let number): String(number)
                    case .double(let number): String(number)
                    case .string(let text): text
                    case .data(let bytes): String(decoding: bytes, as: UTF8.self)
                    case .date(let date): "\(date)"
                    }
                }
            }
        case .sqlite(let connection):
            return try await connection.query(sql, binds.map { $0.map { .text($0) } ?? .null }).map { row in
                row.values.map { value -> String? in
                    switch value {
                    case .null: nil
                    case .integer(let number): String(number)
                    case .double(let number): String(number)
                    case .text(let text): text
                    case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
                    }
                }
            }
        }
    }

    /// The single value of a one-row, one-column query.
    func scalar(_ sql: String, _ binds: [String?] = []) async throws -> String? {
        try await rows(sql, binds).first?.first ?? nil
    }

    func close() async {
        switch self {
        case .mysql(let connection): await connection.close()
        case .sqlite(let connection): await connection.close()
        }
    }
}
