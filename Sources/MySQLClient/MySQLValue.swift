import Foundation

/// A value bound to a prepared statement's `?` or read from a result column.
///
/// Dates are `DATETIME` / `TIMESTAMP` values interpreted as UTC, with microseconds
/// (use `DATETIME(6)` columns to keep them).
public enum MySQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer (any integer column; unsigned values above `Int64.max` are read as `.string`).
    case int64(Int64)
    /// A double (`DOUBLE`, `FLOAT`).
    case double(Double)
    /// Text, sent and received as UTF-8 (`utf8mb4`). `DECIMAL` columns are read as text too.
    case string(String)
    /// Bytes (`BLOB`, `VARBINARY`, `BINARY`); zero bytes included.
    case data(Data)
    /// A point in time (`DATETIME(6)`, `TIMESTAMP(6)`, `DATE`), in UTC, with microseconds.
    case date(Date)

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }
}

extension MySQLValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension MySQLValue {
    /// An integer value, or NULL for `nil`.
    public init(_ value: Int?) { self = value.map { .int64(Int64($0)) } ?? .null }
    /// An integer value, or NULL for `nil`.
    public init(_ value: Int64?) { self = value.map { .int64($0) } ?? .null }
    /// A double value, or NULL for `nil`.
    public init(_ value: Double?) { self = value.map { .double($0) } ?? .null }
    /// A text value, or NULL for `nil`.
    public init(_ value: String?) { self = value.map { .string($0) } ?? .null }
    /// A bytes value, or NULL for `nil`.
    public init(_ value: Data?) { self = value.map { .data($0) } ?? .null }
    /// A date value (UTC, microseconds), or NULL for `nil`.
    public init(_ value: Date?) { self = value.map { .date($0) } ?? .null }

    /// The name of the case, for error messages that must not show the value itself.
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .int64: "int64"
        case .double: "double"
        case .string: "string"
        case .data: "data"
        case .date: "date"
        }
    }
}

extension MySQLValue: CustomStringConvertible {
    /// The kind and, for debugging, the value; not used by ``MySQLError``.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .int64(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "'\(value)'"
        case .data(let value): "<\(value.count) bytes>"
        case .date(let value): "\(value)"
        }
    }
}
