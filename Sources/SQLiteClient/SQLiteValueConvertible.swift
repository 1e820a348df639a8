import Foundation

/// A Swift type that can be bound to a statement and read back from a row.
///
/// Reading is strict: an `Int64` comes only from an `INTEGER`, a `String` only from `TEXT`. The two
/// lenient cases are documented on the conformances (`Double` accepts integers, `Date` accepts
/// text, integers and doubles).
public protocol SQLiteValueConvertible: Sendable {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
    /// Reads the value, or returns `nil` when the storage class does not fit this type.
    /// - Parameter sqliteValue: a value read from a row.
    init?(sqliteValue: SQLiteValue)
}

extension SQLiteValue: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { self }
    public init?(sqliteValue: SQLiteValue) { self = sqliteValue }
}

extension Int64: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.integer else { return nil }
        self = value
    }
}

extension Int: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    /// Reads an `INTEGER` that fits in `Int`.
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.integer.flatMap(Int.init(exactly:)) else { return nil }
        self = value
    }
}

extension Int32: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    /// Reads an `INTEGER` that fits in `Int32`.
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.integer.flatMap(Int32.init(exactly:)) else { return nil }
        self = value
    }
}

extension Bool: SQLiteValueConvertible {
    /// `1` or `0`, as SQLite's own boolean expressions give.
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    /// Reads `INTEGER` `0` as `false` and any other integer as `true`.
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.integer else { return nil }
        self = value != 0
    }
}

extension Double: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .double(self) }
    /// Reads a `REAL`, or an `INTEGER` converted (SQLite returns `1.0` stored in a `NUMERIC` column as `1`).
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.double else { return nil }
        self = value
    }
}

extension String: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .text(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.text else { return nil }
        self = value
    }
}

extension Data: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.blob else { return nil }
        self = value
    }
}

extension Date: SQLiteValueConvertible {
    /// UTC text with microseconds; see ``SQLiteValue/date(_:)``.
    public var sqliteValue: SQLiteValue { .date(self) }
    /// Reads what ``SQLiteValue/date`` accepts.
    public init?(sqliteValue: SQLiteValue) {
        guard let value = sqliteValue.date else { return nil }
        self = value
    }
}

extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    /// `nil` binds as `NULL`.
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
    /// Reads `NULL` as `nil`, anything else as `Wrapped` would.
    public init?(sqliteValue: SQLiteValue) {
        if sqliteValue.isNull {
            self = .none
        } else if let value = Wrapped(sqliteValue: sqliteValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}
