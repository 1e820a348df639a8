import Foundation
import SQLiteClient
import Synchronization
import Testing
import ThreadExecutor

@Suite struct SQLiteConnectionTests {
    @Test func opensFileInWALModeWithForeignKeys() async throws {
        try await withTemporaryDatabase { path in
            #expect(!FileManager.default.fileExists(atPath: path))
            let connection = try await SQLiteConnection(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try await connection.query("PRAGMA journal_mode").first?[0] == .text("wal"))
            #expect(try await connection.query("PRAGMA foreign_keys").first?[0] == .integer(1))
            #expect(try await connection.query("PRAGMA busy_timeout").first?[0] == .integer(5000))
            await connection.close()
            let error = await #expect(throws: SQLiteError.self) { try await connection.query("SELECT 1") }
            #expect(error?.kind == .misuse)
        }
    }

    @Test func opensInMemory() async throws {
        let connection = try await SQLiteConnection(
            path: ":memory:",
            configuration: .init(busyTimeout: .milliseconds(250))
        )
        try await connection.executeScript("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);")
        #expect(try await connection.query("SELECT count(*) FROM t").first?[0] == .integer(2))
        #expect(try await connection.query("PRAGMA busy_timeout").first?[0] == .integer(250))
        await connection.close()
    }

    @Test func executeReportsChangesAndRowID() async throws {
        try await withTemporaryConnection(schema: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)") { connection in
            let first = try await connection.execute("INSERT INTO t (name) VALUES (?), (?)", ["a", "b"])
            #expect(first == SQLiteExecuteResult(changes: 2, lastInsertRowID: 2))
            let update = try await connection.execute("UPDATE t SET name = ? WHERE id >= ?", ["z", 1])
            #expect(update.changes == 2)
            #expect(try await connection.execute("SELECT * FROM t").changes == 0)
            let returned = try await connection.query("INSERT INTO t (name) VALUES (?) RETURNING id", ["c"])
            #expect(returned.first?[0] == .integer(3))
        }
    }

    @Test func workRunsOnTheConnectionsOwnThread() async throws {
        try await withTemporaryDatabase { path in
            let first = try await SQLiteConnection(path: path)
            let second = try await SQLiteConnection(path: path)
            #expect(first.threadName != second.threadName)
            let seen = try await first.withSynchronousTransaction { _ in ThreadExecutor.currentExecutorName }
            #expect(seen == first.threadName)
            let seenAsync = try await second.withTransaction { connection in
                await connection.currentThreadName()
            }
            #expect(seenAsync == second.threadName)
            #expect(ThreadExecutor.currentExecutorName == nil)
            await first.close()
            await second.close()
        }
    }

    @Test func rollbackLeavesNothing() async throws {
        try await withTemporaryConnection(schema: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)") { connection in
            await #expect(throws: Boom.self) {
                try await connection.withSynchronousTransaction(mode: .immediate) { transaction in
                    try transaction.execute("INSERT INTO t (name) VALUES (?)", ["a"])
                    throw Boom()
                }
            }
            await #expect(throws: Boom.self) {
                try await connection.withTransaction(mode: .immediate) { connection in
                    try await connection.execute("INSERT INTO t (name) VALUES (?)", ["b"])
                    throw Boom()
                }
            }
            #expect(try await connection.query("SELECT count(*) FROM t").first?[0] == .integer(0))
            #expect(await !connection.isInTransaction)

            let id = try await connection.withTransaction(mode: .immediate) { connection in
                try await connection.execute("INSERT INTO t (name) VALUES (?)", ["kept"]).lastInsertRowID
            }
            #expect(try await connection.query("SELECT name FROM t WHERE id = ?", [.integer(id)]).first?[0] == "kept")
        }
    }

    @Test func transactionsDoNotNest() async throws {
        try await withTemporaryConnection { connection in
            try await connection.begin(mode: .immediate)
            let error = await #expect(throws: SQLiteError.self) {
                try await connection.withSynchronousTransaction { _ in }
            }
            #expect(error?.kind == .misuse)
            #expect(await connection.isInTransaction)
            try await connection.rollback()
            #expect(await !connection.isInTransaction)
        }
    }

    @Test func concurrentImmediateWritersBothSucceed() async throws {
        let perWriter = 200
        try await withTemporaryDatabase { path in
            let setup = try await SQLiteConnection(path: path)
            try await setup.executeScript("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);")
            await setup.close()

            // Each transaction reads the counter and writes it back plus one: a lost update or a
            // lock-upgrade failure would show in the final count.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        let connection = try await SQLiteConnection(path: path)
                        for round in 0..<perWriter {
                            if (writer + round) % 2 == 0 {
                                try await connection.withSynchronousTransaction(mode: .immediate) { transaction in
                                    let n = try transaction.query("SELECT n FROM counter")[0].decode(Int64.self, at: 0)
                                    try transaction.execute("UPDATE counter SET n = ?", [.integer(n + 1)])
                                }
                            } else {
                                try await connection.withTransaction(mode: .immediate) { connection in
                                    let n = try await connection.query("SELECT n FROM counter")[0].decode(
                                        Int64.self,
                                        at: 0
                                    )
                                    try await connection.execute("UPDATE counter SET n = ?", [.integer(n + 1)])
                                }
                            }
                        }
                        await connection.close()
                    }
                }
                try await group.waitForAll()
            }

            let check = try await SQLiteConnection(path: path)
            #expect(try await check.query("SELECT n FROM counter").first?[0] == .integer(Int64(2 * perWriter)))
            await check.close()
        }
    }

    @Test func aWriterWaitingPastTheBusyTimeoutGetsBusy() async throws {
        try await withTemporaryDatabase { path in
            let holder = try await SQLiteConnection(path: path)
            try await holder.executeScript("CREATE TABLE t (x)")
            let waiter = try await SQLiteConnection(path: path, configuration: .init(busyTimeout: .milliseconds(50)))
            // The holder keeps the write lock until the waiter has given up (at most 30 s), however slowly a
            // loaded machine schedules either of them.
            let locked = Atomic<Bool>(false)
            let waiterDone = Atomic<Bool>(false)
            let holding = Task {
                try await holder.withSynchronousTransaction(mode: .immediate) { transaction in
                    try transaction.execute("INSERT INTO t VALUES (1)")
                    locked.store(true, ordering: .releasing)
                    let deadline = Date().addingTimeInterval(30)
                    while !waiterDone.load(ordering: .acquiring) && Date() < deadline {
                        Thread.sleep(forTimeInterval: 0.01)  // blocks only the holder's own thread
                    }
                }
            }
            let lockDeadline = Date().addingTimeInterval(60)
            while !locked.load(ordering: .acquiring) && Date() < lockDeadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let holderLocked = locked.load(ordering: .acquiring)
            try #require(holderLocked, "the holder never took the write lock")
            let error = await #expect(throws: SQLiteError.self) {
                try await waiter.withSynchronousTransaction(mode: .immediate) { _ in }
            }
            waiterDone.store(true, ordering: .releasing)
            #expect(error?.kind == .busy)
            #expect(error?.resultCode == 5)
            #expect(error?.message.contains("busy timeout") == true)
            try await holding.value
            // Reads are not blocked by the writer in WAL mode, and the lock is free again.
            #expect(try await waiter.query("SELECT count(*) FROM t").first?[0] == .integer(1))
            try await waiter.withSynchronousTransaction(mode: .immediate) { try $0.execute("INSERT INTO t VALUES (2)") }
            await holder.close()
            await waiter.close()
        }
    }
}

extension SQLiteConnection {
    /// The thread name seen by a plain isolated method.
    fileprivate func currentThreadName() -> String? {
        ThreadExecutor.currentExecutorName
    }
}
