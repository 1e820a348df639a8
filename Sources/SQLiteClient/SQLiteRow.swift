/// One row of a query result: its values with typed access by index or column name.
///
/// ```swift
/// for row in try await connection.query("SELECT id, name, created FROM runs") {
///     let id: Int64 = try row.decode(at: 0)
///     let name = try row.decode(String.self, column: "name")
///     let created = try row.decode(Date?.self, column: "created")
/// }
/// ```
public struct SQLiteRow: Sendable {
    /// The column names of the result, shared by all rows of one query.
    public let columns: SQLiteColumns
    /// The values, one per column.
    public let values: [SQLiteValue]
    /// The first line of the query, for errors.
    let sql: String

    init(columns: SQLiteColumns, values: [SQLiteValue], sql: String) {
        self.columns = columns
        self.values = values
        self.sql = sql
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The value at `index`; traps when `index` is out of range, like an array.
    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// The value of the column named `name` (exact match first, then ignoring ASCII case, as SQLite
    /// does), or `nil` when there is no such column.
    public subscript(name: String) -> SQLiteValue? {
        columns.index(of: name).map { values[$0] }
    }

    /// Reads the value at `index` as `type`.
    /// - Parameters:
    ///   - type: the Swift type; use an optional type for columns that may be `NULL`.
    ///   - index: the column's position, from 0.
    /// - Throws: ``SQLiteError`` `.columnNotFound` when `index` is out of range, `.typeMismatch` when
    ///   the value's storage class does not fit `type` (a `NULL` read as a non-optional type, for one).
    public func decode<T: SQLiteValueConvertible>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError(
                kind: .columnNotFound,
                resultCode: 25,
                operation: "decode",
                sql: sql,
                sqliteMessage: "column index \(index) is out of range for \(values.count) columns"
            )
        }
        return try decode(type, value: values[index], column: columns.names[index])
    }

    /// Reads the value of the column named `name` as `type`.
    /// - Parameters:
    ///   - type: the Swift type; use an optional type for columns that may be `NULL`.
    ///   - name: the column name or alias, matched as ``subscript(_:)-(String)`` does.
    /// - Throws: ``SQLiteError`` `.columnNotFound` or `.typeMismatch`.
    public func decode<T: SQLiteValueConvertible>(_ type: T.Type = T.self, column name: String) throws -> T {
        guard let index = columns.index(of: name) else {
            throw SQLiteError(
                kind: .columnNotFound,
                resultCode: 25,
                operation: "decode",
                sql: sql,
                sqliteMessage: "no column named \"\(name)\" among \(columns.names.joined(separator: ", "))"
            )
        }
        return try decode(type, value: values[index], column: name)
    }

    private func decode<T: SQLiteValueConvertible>(_ type: T.Type, value: SQLiteValue, column: String) throws -> T {
        guard let decoded = T(sqliteValue: value) else {
            // The storage class is named, never the value.
            throw SQLiteError(
                kind: .typeMismatch,
                resultCode: 20,
                operation: "decode",
                sql: sql,
                sqliteMessage: "column \"\(column)\" holds \(value.storageClass), which cannot be read as \(T.self)"
            )
        }
        return decoded
    }
}
