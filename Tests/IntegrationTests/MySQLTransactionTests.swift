import BatchwireTestBasics
import Foundation
import MySQLClient
import Testing

@Suite("MySQL transactions and server errors", .needs(.mysql))
struct MySQLTransactionTests {
    struct Abort: Error {}

    @Test("a transaction whose body throws is rolled back and leaves nothing")
    func rollbackLeavesNothing() async throws {
        try await MySQLTestServer.withTable("rollback", columns: "id BIGINT PRIMARY KEY, v VARCHAR(20)") {
            connection,
            table in
            await #expect(throws: Abort.self) {
                try await connection.withTransaction { connection in
                    try await connection.execute("INSERT INTO \(table) VALUES (?, ?)", [1, "one"])
                    try await connection.execute("INSERT INTO \(table) VALUES (?, ?)", [2, "two"])
                    // Inside the transaction the rows are visible...
                    #expect(try await connection.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) == 2)
                    throw Abort()
                }
            }
            #expect(await connection.isInTransaction == false)
            #expect(try await connection.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) == 0)
            // ...also as seen from another connection.
            let other = try await MySQLTestServer.connect()
            #expect(try await other.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) == 0)
            await other.close()
        }
    }

    @Test("a transaction whose body returns is committed and visible to other connections")
    func commitIsVisible() async throws {
        try await MySQLTestServer.withTable("commit", columns: "id BIGINT PRIMARY KEY") { connection, table in
            let returned = try await connection.withTransaction { connection in
                try await connection.execute("INSERT INTO \(table) VALUES (?)", [7]).affectedRows
            }
            #expect(returned == 1)
            let other = try await MySQLTestServer.connect()
            #expect(try await other.query("SELECT id FROM \(table)").map { try $0.int64("id") } == [7])
            await other.close()
        }
    }

    @Test("a duplicate key surfaces as 1062 with SQLSTATE 23000, without the value in its description")
    func duplicateKey() async throws {
        try await MySQLTestServer.withTable("dup", columns: "email VARCHAR(100) PRIMARY KEY") { connection, table in
            let secret = "alice-\(UUID().uuidString)@example.com"
            try await connection.execute("INSERT INTO \(table) VALUES (?)", [.string(secret)])
            let error = await expectMySQLError {
                try await connection.execute("INSERT INTO \(table) VALUES (?)", [.string(secret)])
            }
            #expect(error?.number == 1062)
            #expect(error?.sqlState == "23000")
            #expect(error?.code == .duplicateKey)
            #expect(error?.isRetryable == false)
            #expect(error?.isConnectionLost == false)
            #expect(error.map { "\($0)" }?.contains(secret) == false)
            #expect(error.map { "\($0)" }?.contains("1062") == true)
            // The server message (with the value) is kept for debugging only.
            #expect(error?.serverMessage.contains(secret) == true)
            // The connection is still fine after a server error.
            #expect(await connection.isUsable)
            #expect(try await connection.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) == 1)
        }
    }

    @Test("two transactions locking rows in opposite order: one gets deadlock 1213, the other commits")
    func deadlock() async throws {
        try await MySQLTestServer.withTable("deadlock", columns: "id BIGINT PRIMARY KEY, v BIGINT") { setup, table in
            try await setup.execute("INSERT INTO \(table) VALUES (1, 0), (2, 0)")
            let first = try await MySQLTestServer.connect()
            let second = try await MySQLTestServer.connect()
            for connection in [first, second] {
                try await connection.executeUnprepared("SET SESSION innodb_lock_wait_timeout = 20")
                try await connection.begin()
            }
            try await first.execute("UPDATE \(table) SET v = v + 1 WHERE id = ?", [1])
            try await second.execute("UPDATE \(table) SET v = v + 1 WHERE id = ?", [2])

            // Each now wants the row the other holds; both run at once, each on its own thread.
            async let firstResult = Self.attempt(first, table: table, id: 2)
            async let secondResult = Self.attempt(second, table: table, id: 1)
            let results = await [firstResult, secondResult]

            let deadlocks = results.compactMap { result -> MySQLError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            try #require(deadlocks.count == 1, "exactly one transaction must be the deadlock victim: \(results)")
            #expect(deadlocks[0].number == 1213)
            #expect(deadlocks[0].code == .deadlock)
            #expect(deadlocks[0].sqlState == "40001")
            #expect(deadlocks[0].isRetryable)
            for (connection, result) in zip([first, second], results) {
                if case .success = result { try await connection.commit() } else { try? await connection.rollback() }
            }
            // The survivor's two updates are in; the victim's were rolled back.
            #expect(try await setup.query("SELECT SUM(v) FROM \(table)")[0].int64(0) == 2)
            await first.close()
            await second.close()
        }
    }

    private static func attempt(
        _ connection: MySQLConnection,
        table: String,
        id: Int64
    ) async -> Result<Void, MySQLError> {
        do {
            try await connection.execute("UPDATE \(table) SET v = v + 1 WHERE id = ?", [.int64(id)])
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    @Test("executeMany runs one statement per row inside a transaction")
    func executeMany() async throws {
        try await MySQLTestServer.withTable("many", columns: "id BIGINT PRIMARY KEY, name VARCHAR(20)") {
            connection,
            table in
            let affected = try await connection.withTransaction { connection in
                try await connection.executeMany(
                    "INSERT INTO \(table) VALUES (?, ?)",
                    (1...250).map { [.int64(Int64($0)), .string("n\($0)")] }
                )
            }
            #expect(affected == 250)
            #expect(try await connection.query("SELECT SUM(id) FROM \(table)")[0].int64(0) == 250 * 251 / 2)
            // A failing row stops the batch; the transaction then rolls back the rows before it.
            let error = await expectMySQLError {
                _ = try await connection.withTransaction { connection in
                    try await connection.executeMany(
                        "INSERT INTO \(table) VALUES (?, ?)",
                        [[1000, "new"], [1, "dup"], [1001, "never"]]
                    )
                }
            }
            #expect(error?.code == .duplicateKey)
            #expect(try await connection.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) == 250)
        }
    }

    @Test("LAST_INSERT_ID(expr) on a sequence row comes back as lastInsertID")
    func sequenceIncrement() async throws {
        try await MySQLTestServer.withTable("seq", columns: "ID BIGINT NOT NULL, UNIQUE_KEY CHAR(1) NOT NULL UNIQUE") {
            connection,
            table in
            try await connection.execute("INSERT INTO \(table) VALUES (0, '0')")
            let first = try await connection.execute("UPDATE \(table) SET ID = LAST_INSERT_ID(ID + 1)")
            let second = try await connection.execute("UPDATE \(table) SET ID = LAST_INSERT_ID(ID + 1)")
            #expect(first.lastInsertID == 1)
            #expect(second.lastInsertID == 2)
            // Found rows, as JDBC counts them: an UPDATE that changes nothing still reports its match.
            #expect(try await connection.execute("UPDATE \(table) SET ID = ID").affectedRows == 1)
        }
    }

    @Test("a statement the server rejects reports its number and leaves the connection usable")
    func syntaxError() async throws {
        let connection = try await MySQLTestServer.connect()
        let error = await expectMySQLError { _ = try await connection.query("SELEC 1") }
        #expect(error?.number == 1064)
        #expect(error?.code == .syntax)
        let missing = await expectMySQLError { _ = try await connection.query("SELECT * FROM t_no_such_table_x") }
        #expect(missing?.number == 1146)
        #expect(missing?.sqlState == "42S02")
        #expect(try await connection.query("SELECT 1")[0].int64(0) == 1)
        await connection.close()
    }
}
