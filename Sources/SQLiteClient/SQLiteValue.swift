import Foundation

/// One SQLite value: what a statement binds and what a row holds.
///
/// SQLite has five storage classes, and this enum has one case for each. Dates have no storage
/// class of their own; ``date(_:)`` stores them as UTC text with microseconds, the way MySQL's
/// `DATETIME(6)` prints them, so a Batchwire table reads the same on both stores:
///
/// ```swift
/// try await connection.execute(
///     "INSERT INTO runs (name, started, payload) VALUES (?, ?, ?)",
///     [.text("nightly"), .date(Date()), .null]
/// )
/// ```
///
/// Literals work too: `[42, 1.5, "text", nil, true]`.
public enum SQLiteValue: Sendable, Hashable {
    /// A 64-bit signed integer (`INTEGER`).
    case integer(Int64)
    /// An IEEE 754 double (`REAL`).
    case double(Double)
    /// UTF-8 text (`TEXT`).
    case text(String)
    /// Raw bytes (`BLOB`). Zero bytes inside are kept; an empty `Data` stays an empty blob.
    case blob(Data)
    /// SQL `NULL`.
    case null

    /// A date as text `yyyy-MM-dd HH:mm:ss.SSSSSS` in UTC, rounded to the microsecond.
    ///
    /// Dates before year 1 or after year 9999 are clamped to those bounds.
    /// - Parameter date: the instant to store.
    public static func date(_ date: Date) -> SQLiteValue {
        .text(SQLiteDateFormat.format(date))
    }

    /// Wraps any convertible Swift value, e.g. `SQLiteValue(Optional<Date>.none)` gives ``null``.
    /// - Parameter value: the value to bind.
    public init(_ value: some SQLiteValueConvertible) {
        self = value.sqliteValue
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The integer, or `nil` for any other storage class.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The number as a double: a ``double(_:)`` as is, an ``integer(_:)`` converted; otherwise `nil`.
    public var double: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The text, or `nil` for any other storage class.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The bytes, or `nil` for any other storage class.
    public var blob: Data? {
        if case .blob(let value) = self { return value }
        return nil
    }

    /// The value read as a date.
    ///
    /// Text in the form ``date(_:)`` writes (a `T` instead of the space, 0 to 9 fraction digits and a
    /// trailing `Z` are accepted too) is read as UTC; an integer or a double as seconds since
    /// 1970-01-01 UTC, what SQLite's `unixepoch()` returns. Anything else gives `nil`.
    public var date: Date? {
        switch self {
        case .text(let text): SQLiteDateFormat.parse(text)
        case .integer(let seconds): Date(timeIntervalSince1970: TimeInterval(seconds))
        case .double(let seconds): Date(timeIntervalSince1970: seconds)
        case .blob, .null: nil
        }
    }
}

extension SQLiteValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLiteValue {
    /// `INTEGER`, `REAL`, `TEXT`, `BLOB` or `NULL`: what errors may say about a value.
    var storageClass: String {
        switch self {
        case .integer: "INTEGER"
        case .double: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        case .null: "NULL"
        }
    }
}
