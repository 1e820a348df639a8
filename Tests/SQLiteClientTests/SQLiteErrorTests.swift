import Foundation
import SQLiteClient
import Testing

@Suite struct SQLiteErrorTests {
    static let schema = """
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
        """
    static let secret = "hunter2-🔑-do-not-log"

    @Test func uniqueViolationIsConstraintUniqueWithoutTheValue() async throws {
        try await withTemporaryConnection(schema: Self.schema) { connection in
            try await connection.execute("INSERT INTO parent (name) VALUES (?)", [.text(Self.secret)])
            let error = await #expect(throws: SQLiteError.self) {
                try await connection.execute("INSERT INTO parent (name)\nVALUES (?)", [.text(Self.secret)])
            }
            let unique = try #require(error)
            #expect(unique.kind == .constraintUnique)
            #expect(unique.resultCode == 19)
            #expect(unique.extendedResultCode == 2067)
            #expect(unique.sql == "INSERT INTO parent (name)")
            #expect(unique.operation == "step")
            #expect(unique.message.contains("UNIQUE constraint failed: parent.name"))
            #expect(unique.message.contains("already exists"))
            for text in [unique.description, unique.message, String(reflecting: unique), "\(unique)"] {
                #expect(!text.contains(Self.secret))
                #expect(!text.contains("hunter2"))
            }
        }
    }

    @Test func primaryKeyViolationIsConstraintUniqueToo() async throws {
        try await withTemporaryConnection(schema: Self.schema) { connection in
            try await connection.execute("INSERT INTO parent (id, name) VALUES (1, 'a')")
            let error = await #expect(throws: SQLiteError.self) {
                try await connection.execute("INSERT INTO parent (id, name) VALUES (?, ?)", [1, .text(Self.secret)])
            }
            #expect(error?.kind == .constraintUnique)
            #expect(error?.extendedResultCode == 1555)
        }
    }

    @Test func foreignKeyAndNotNullViolations() async throws {
        try await withTemporaryConnection(schema: Self.schema) { connection in
            let foreignKey = await #expect(throws: SQLiteError.self) {
                try await connection.execute("INSERT INTO child (parent_id) VALUES (?)", [424_242])
            }
            #expect(foreignKey?.kind == .constraintForeignKey)
            #expect(foreignKey?.extendedResultCode == 787)
            #expect(foreignKey?.description.contains("424242") == false)

            let notNull = await #expect(throws: SQLiteError.self) {
                try await connection.execute("INSERT INTO parent (name) VALUES (?)", [nil])
            }
            #expect(notNull?.kind == .constraintNotNull)
            #expect(notNull?.extendedResultCode == 1299)
        }
    }

    @Test func misuseIsReportedWithAdvice() async throws {
        try await withTemporaryConnection(schema: Self.schema) { connection in
            let syntax = await #expect(throws: SQLiteError.self) { try await connection.query("SELEC 1") }
            #expect(syntax?.kind == .sql)
            #expect(syntax?.operation == "prepare")

            let twoStatements = await #expect(throws: SQLiteError.self) {
                try await connection.execute("DELETE FROM child; DELETE FROM parent")
            }
            #expect(twoStatements?.kind == .misuse)
            #expect(twoStatements?.advice.contains("executeScript") == true)
            // A trailing semicolon or comment is not a second statement.
            try await connection.execute("DELETE FROM child; -- done\n")

            let binds = await #expect(throws: SQLiteError.self) {
                try await connection.execute("INSERT INTO parent (name) VALUES (?)", [.text(Self.secret), 2])
            }
            #expect(binds?.kind == .bindCount)
            #expect(binds?.description.contains(Self.secret) == false)

            let script = await #expect(throws: SQLiteError.self) {
                try await connection.executeScript(
                    "CREATE TABLE a (x);\n  CREATE TABLE parent (x);\nCREATE TABLE b (x);"
                )
            }
            #expect(script?.sql == "CREATE TABLE parent (x);")
            #expect(try await connection.query("SELECT name FROM sqlite_schema WHERE name IN ('a', 'b')").count == 1)
        }
    }

    @Test func readOnlyConnectionsCannotWrite() async throws {
        try await withTemporaryDatabase { path in
            let writer = try await SQLiteConnection(path: path)
            try await writer.executeScript("CREATE TABLE t (x)")
            let reader = try await SQLiteConnection(path: path, configuration: .init(readOnly: true))
            let error = await #expect(throws: SQLiteError.self) { try await reader.execute("INSERT INTO t VALUES (1)") }
            #expect(error?.kind == .readonly)
            #expect(try await reader.query("SELECT count(*) FROM t").first?[0] == .integer(0))
            await reader.close()
            await writer.close()
        }
    }

    @Test func missingDirectoryCannotOpen() async throws {
        try await withTemporaryDatabase { path in
            let error = await #expect(throws: SQLiteError.self) {
                _ = try await SQLiteConnection(path: path + "-missing/dir/db.sqlite")
            }
            #expect(error?.kind == .cantOpen)
            #expect(error?.operation == "open")
        }
    }
}
