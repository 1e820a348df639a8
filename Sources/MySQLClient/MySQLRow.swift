import Foundation

/// One row of a query result, with typed access by column index (0-based) or name.
///
/// Accessors throw ``MySQLError`` with code `.unknownColumn`, `.unexpectedNull` or `.typeMismatch`;
/// for nullable columns check ``isNull(_:)-(Int)`` first or read ``value(_:)-(Int)``.
///
/// ```swift
/// let id = try row.int64("JOB_EXECUTION_ID")
/// let end = try row.isNull("END_TIME") ? nil : row.date("END_TIME")
/// ```
public struct MySQLRow: Sendable {
    /// The result's columns, shared by all its rows.
    public let columns: MySQLColumns
    /// The values, one per column.
    public let values: [MySQLValue]

    init(columns: MySQLColumns, values: [MySQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value at `index`.
    /// - Throws: `.unknownColumn` if the index is out of range.
    public func value(_ index: Int) throws(MySQLError) -> MySQLValue {
        guard values.indices.contains(index) else {
            throw MySQLError(
                code: .unknownColumn,
                operation: .decode,
                detail: "column index \(index) of \(values.count)"
            )
        }
        return values[index]
    }

    /// The raw value of the column called `name` (case-insensitive, first match).
    /// - Throws: `.unknownColumn` if no column has that name.
    public func value(_ name: String) throws(MySQLError) -> MySQLValue {
        try value(columns.index(of: name))
    }

    /// Whether the column holds NULL.
    public func isNull(_ index: Int) throws(MySQLError) -> Bool { try value(index).isNull }
    /// Whether the column holds NULL.
    public func isNull(_ name: String) throws(MySQLError) -> Bool { try value(name).isNull }

    /// The column as an integer. Integer columns, and `DECIMAL` or text holding an integer.
    public func int64(_ index: Int) throws(MySQLError) -> Int64 { try Self.int64(value(index)) }
    /// The column as an integer.
    public func int64(_ name: String) throws(MySQLError) -> Int64 { try Self.int64(value(name)) }
    /// The column as a double. Floating point, integer and `DECIMAL` columns.
    public func double(_ index: Int) throws(MySQLError) -> Double { try Self.double(value(index)) }
    /// The column as a double.
    public func double(_ name: String) throws(MySQLError) -> Double { try Self.double(value(name)) }
    /// The column as text. Text columns, numbers (formatted), and bytes that are valid UTF-8.
    public func string(_ index: Int) throws(MySQLError) -> String { try Self.string(value(index)) }
    /// The column as text.
    public func string(_ name: String) throws(MySQLError) -> String { try Self.string(value(name)) }
    /// The column as bytes. Binary columns, and text as its UTF-8 bytes.
    public func data(_ index: Int) throws(MySQLError) -> Data { try Self.data(value(index)) }
    /// The column as bytes.
    public func data(_ name: String) throws(MySQLError) -> Data { try Self.data(value(name)) }
    /// The column as a date (UTC, microseconds). `DATETIME`, `TIMESTAMP` and `DATE` columns.
    public func date(_ index: Int) throws(MySQLError) -> Date { try Self.date(value(index)) }
    /// The column as a date (UTC, microseconds).
    public func date(_ name: String) throws(MySQLError) -> Date { try Self.date(value(name)) }

    private static func mismatch(_ value: MySQLValue, _ wanted: String = #function) -> MySQLError {
        let wantedName = wanted.prefix { $0 != "(" }
        return value.isNull
            ? MySQLError(code: .unexpectedNull, operation: .decode, detail: "read as \(wantedName)")
            : MySQLError(code: .typeMismatch, operation: .decode, detail: "\(value.kindName) read as \(wantedName)")
    }

    private static func int64(_ value: MySQLValue) throws(MySQLError) -> Int64 {
        switch value {
        case .int64(let number): return number
        case .string(let text): if let number = Int64(text) { return number }
        case .double(let number): if let exact = Int64(exactly: number) { return exact }
        default: break
        }
        throw mismatch(value)
    }

    private static func double(_ value: MySQLValue) throws(MySQLError) -> Double {
        switch value {
        case .double(let number): return number
        case .int64(let number): return Double(number)
        case .string(let text): if let number = Double(text) { return number }
        default: break
        }
        throw mismatch(value)
    }

    private static func string(_ value: MySQLValue) throws(MySQLError) -> String {
        switch value {
        case .string(let text): return text
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .data(let bytes): if let text = String(data: bytes, encoding: .utf8) { return text }
        default: break
        }
        throw mismatch(value)
    }

    private static func data(_ value: MySQLValue) throws(MySQLError) -> Data {
        switch value {
        case .data(let bytes): return bytes
        case .string(let text): return Data(text.utf8)
        default: throw mismatch(value)
        }
    }

    private static func date(_ value: MySQLValue) throws(MySQLError) -> Date {
        guard case .date(let date) = value else { throw mismatch(value) }
        return date
    }
}
