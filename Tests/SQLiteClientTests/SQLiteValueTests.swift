import Foundation
import SQLiteClient
import Testing

@Suite struct SQLiteValueTests {
    @Test func everyStorageClassRoundTrips() async throws {
        let values: [SQLiteValue] = [
            .integer(.min), .integer(.max), .integer(0), .integer(-1),
            .double(3.141592653589793), .double(-2.5e-300), .double(.greatestFiniteMagnitude),
            .text("Grüße aus Zürich, 東京, Ελλάδα 🚀👩‍👩‍👧‍👦"), .text(""), .text("before\0after"),
            .blob(Data([0, 1, 0, 255, 0, 0])), .blob(Data([0])), .blob(Data()),
            .null,
        ]
        try await withTemporaryConnection(schema: "CREATE TABLE v (id INTEGER PRIMARY KEY, value ANY)") { connection in
            for value in values {
                let id = try await connection.execute("INSERT INTO v (value) VALUES (?)", [value]).lastInsertRowID
                let rows = try await connection.query(
                    "SELECT value, typeof(value) AS type FROM v WHERE id = ?",
                    [.integer(id)]
                )
                #expect(rows.count == 1)
                #expect(rows[0][0] == value)
                #expect(rows[0]["value"] == value)
            }
            let types = try await connection.query("SELECT typeof(value) FROM v ORDER BY id").map {
                try $0.decode(String.self, at: 0)
            }
            #expect(
                types == [
                    "integer", "integer", "integer", "integer", "real", "real", "real",
                    "text", "text", "text", "blob", "blob", "blob", "null",
                ]
            )
        }
    }

    @Test func swiftTypesDecode() async throws {
        try await withTemporaryConnection(
            schema: "CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n INTEGER, f INTEGER)"
        ) {
            connection in
            try await connection.execute(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                [
                    SQLiteValue(Int64.max), SQLiteValue(0.25), SQLiteValue("ü"), SQLiteValue(Data([0, 0])),
                    SQLiteValue(Int?.none), true,
                ]
            )
            let row = try #require(try await connection.query("SELECT i, d, s, b, n, f FROM t").first)
            #expect(try row.decode(Int64.self, at: 0) == .max)
            #expect(try row.decode(Int.self, column: "I") == .max)
            #expect(try row.decode(Double.self, column: "d") == 0.25)
            #expect(try row.decode(String.self, column: "s") == "ü")
            #expect(try row.decode(Data.self, column: "b") == Data([0, 0]))
            #expect(try row.decode(Int64?.self, column: "n") == nil)
            #expect(try row.decode(Bool.self, column: "f") == true)
            #expect(try row.decode(Double.self, column: "f") == 1.0)
            #expect(row.columns.names == ["i", "d", "s", "b", "n", "f"])

            let mismatch = #expect(throws: SQLiteError.self) { try row.decode(Int64.self, column: "n") }
            #expect(mismatch?.kind == .typeMismatch)
            #expect(mismatch?.description.contains("NULL") == true)
            #expect(#expect(throws: SQLiteError.self) { try row.decode(Int32.self, at: 0) }?.kind == .typeMismatch)
            #expect(
                #expect(throws: SQLiteError.self) { try row.decode(String.self, column: "nope") }?.kind
                    == .columnNotFound
            )
            #expect(#expect(throws: SQLiteError.self) { try row.decode(String.self, at: 6) }?.kind == .columnNotFound)
        }
    }

    @Test(arguments: [
        (1_718_000_000.123456, "2024-06-10 06:13:20.123456"),
        (1_709_164_800.000001, "2024-02-29 00:00:00.000001"),
        (0, "1970-01-01 00:00:00.000000"),
        (-1.5, "1969-12-31 23:59:58.500000"),
        (-62_135_596_800, "0001-01-01 00:00:00.000000"),
        (253_402_300_799.999999, "9999-12-31 23:59:59.999999"),
    ])
    func datesKeepMicroseconds(seconds: Double, text: String) async throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(SQLiteValue.date(date) == .text(text))
        try await withTemporaryConnection(schema: "CREATE TABLE d (at DATETIME(6))") { connection in
            try await connection.execute("INSERT INTO d (at) VALUES (?)", [.date(date)])
            let row = try #require(try await connection.query("SELECT at, typeof(at) FROM d").first)
            #expect(row[1] == .text("text"))
            #expect(row[0] == .text(text))
            let decoded = try row.decode(Date.self, column: "at")
            #expect(abs(decoded.timeIntervalSince1970 - seconds) < 0.000_000_5)
            #expect(SQLiteValue.date(decoded) == .text(text))
        }
    }

    @Test func dateTextVariantsParse() throws {
        let expected = Date(timeIntervalSince1970: 1_718_000_000.123)
        for text in ["2024-06-10 06:13:20.123", "2024-06-10T06:13:20.123000Z", "2024-06-10 06:13:20.1230004"] {
            let date = try #require(SQLiteValue.text(text).date, "\(text)")
            #expect(abs(date.timeIntervalSince1970 - expected.timeIntervalSince1970) < 0.000_000_5)
        }
        #expect(SQLiteValue.text("2024-06-10 06:13:20").date == Date(timeIntervalSince1970: 1_718_000_000))
        #expect(SQLiteValue.integer(86_400).date == Date(timeIntervalSince1970: 86_400))
        for bad in [
            "", "2024-06-10", "2024-02-30 00:00:00", "2024-06-10 24:00:00", "2024-06-10 06:13:20.",
            "2024-06-10 06:13:20+02:00",
        ] {
            #expect(SQLiteValue.text(bad).date == nil, "\(bad)")
        }
    }

    @Test func literalsBuildValues() {
        let values: [SQLiteValue] = [42, 1.5, "text", nil, true]
        #expect(values == [.integer(42), .double(1.5), .text("text"), .null, .integer(1)])
    }
}
