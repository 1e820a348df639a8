import BatchwireTestBasics
import Foundation
import MySQLClient
import Testing

@Suite("MySQL bound values round-trip", .needs(.mysql))
struct MySQLValueTests {
    private static let columns = """
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, i BIGINT NULL, d DOUBLE NULL, s VARCHAR(255) NULL,
        b LONGBLOB NULL, t DATETIME(6) NULL
        """

    /// Parses "yyyy-MM-dd HH:mm:ss.ffffff" as UTC, independently of the code under test.
    private static func utc(_ text: String) -> Date {
        let parts = text.split(whereSeparator: { "- :.".contains($0) }).map { Int($0)! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: parts[0],
            month: parts[1],
            day: parts[2],
            hour: parts[3],
            minute: parts[4],
            second: parts[5]
        )
        return calendar.date(from: components)!.addingTimeInterval(Double(parts[6]) / 1_000_000)
    }

    private static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    @Test(
        "every bound type comes back unchanged",
        arguments: [
            (Int64.max, Double.pi, "plain ascii", Data([0, 1, 0, 255, 0]), "2026-03-04 05:06:07.123456"),
            (Int64.min, -1.5e-300, "héllo wörld – 日本語 🎉🚀 𝄞", Data(), "1969-12-31 23:59:59.000001"),
            (0, 1.0e308, "", Data(repeating: 0, count: 1), "2099-12-31 23:59:59.999999"),
            (
                42, -0.25, String(repeating: "ü🙂", count: 60), Data((0..<200_000).map { UInt8($0 % 251) }),
                "2000-02-29 00:00:00.000000"
            ),
        ]
    )
    func roundTrip(int: Int64, double: Double, string: String, data: Data, dateText: String) async throws {
        let date = Self.utc(dateText)
        try await MySQLTestServer.withTable("values", columns: Self.columns) { connection, table in
            let inserted = try await connection.execute(
                "INSERT INTO \(table) (i, d, s, b, t) VALUES (?, ?, ?, ?, ?)",
                [.int64(int), .double(double), .string(string), .data(data), .date(date)]
            )
            #expect(inserted.affectedRows == 1)
            #expect(inserted.lastInsertID > 0)

            let rows = try await connection.query(
                "SELECT i, d, s, b, t, DATE_FORMAT(t, '%Y-%m-%d %H:%i:%s.%f') AS text FROM \(table) WHERE id = ?",
                [.int64(Int64(inserted.lastInsertID))]
            )
            try #require(rows.count == 1)
            let row = rows[0]
            #expect(try row.int64(0) == int)
            #expect(try row.int64("i") == int)
            #expect(try row.double("d") == double)
            #expect(try row.string("s") == string)
            #expect(try row.string(2).unicodeScalars.count == string.unicodeScalars.count)
            #expect(try row.data("b") == data)
            #expect(Self.microseconds(try row.date("t")) == Self.microseconds(date))
            // The server stored the UTC wall-clock time we meant, microseconds included.
            #expect(try row.string("text") == dateText)
            #expect(try row.isNull("t") == false)
        }
    }

    @Test("NULL binds and reads as NULL for every column type")
    func nulls() async throws {
        try await MySQLTestServer.withTable("nulls", columns: Self.columns) { connection, table in
            try await connection.execute(
                "INSERT INTO \(table) (i, d, s, b, t) VALUES (?, ?, ?, ?, ?)",
                [.null, MySQLValue(nil as Double?), nil, .null, MySQLValue(nil as Date?)]
            )
            let row = try #require(try await connection.query("SELECT i, d, s, b, t FROM \(table)").first)
            for column in 0..<5 {
                #expect(try row.isNull(column))
                #expect(try row.value(column) == .null)
            }
            let error = await expectMySQLError { _ = try row.int64("i") }
            #expect(error?.code == .unexpectedNull)
            let unknown = await expectMySQLError { _ = try row.int64("nope") }
            #expect(unknown?.code == .unknownColumn)
        }
    }

    @Test("an emoji survives a 4-byte utf8mb4 column and the server counts it as one character")
    func utf8mb4() async throws {
        let connection = try await MySQLTestServer.connect()
        let rows = try await connection.query("SELECT CHAR_LENGTH(?) AS n, ? AS s", ["🎉", "🎉"])
        #expect(try rows[0].int64("n") == 1)
        #expect(try rows[0].string("s") == "🎉")
        await connection.close()
    }

    @Test("DECIMAL, unsigned and expression columns decode")
    func otherColumnTypes() async throws {
        let connection = try await MySQLTestServer.connect()
        let row = try #require(
            try await connection.query(
                "SELECT CAST(12.50 AS DECIMAL(10,2)) AS money, CAST(18446744073709551615 AS UNSIGNED) AS big, "
                    + "CAST(7 AS UNSIGNED) AS small, NOW(6) AS now, 1.5e0 AS dbl, NULL AS nothing"
            ).first
        )
        #expect(try row.string("money") == "12.50")
        #expect(try row.double("money") == 12.5)
        #expect(try row.string("big") == "18446744073709551615")
        #expect(try row.int64("small") == 7)
        #expect(abs(try row.date("now").timeIntervalSinceNow) < 60)
        #expect(try row.double("dbl") == 1.5)
        #expect(try row.isNull("nothing"))
        await connection.close()
    }

    @Test("a wrong number of binds is refused before it reaches the server")
    func bindCountMismatch() async throws {
        let connection = try await MySQLTestServer.connect()
        let error = await expectMySQLError { _ = try await connection.query("SELECT ? + ?", [1]) }
        #expect(error?.code == .invalidArgument)
        #expect(try await connection.query("SELECT ? + ?", [1, 2])[0].int64(0) == 3)
        await connection.close()
    }

    @Test("connects over the Unix socket too")
    func unixSocket() async throws {
        let connection = try await MySQLConnection.connect(configuration: MySQLTestServer.socketConfiguration())
        #expect(try await connection.query("SELECT 1 + 1")[0].int64(0) == 2)
        await connection.close()
    }
}
