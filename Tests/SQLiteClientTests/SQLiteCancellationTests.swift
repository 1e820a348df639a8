import Foundation
import SQLiteClient
import Testing

@Suite struct SQLiteCancellationTests {
    /// Counts to a billion: minutes of work unless something interrupts it.
    static let slowQuery = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
        SELECT count(*) FROM c
        """

    @Test(.timeLimit(.minutes(1))) func cancellingTheTaskInterruptsTheStatement() async throws {
        try await withTemporaryConnection { connection in
            let started = ContinuousClock.now
            let task = Task { try await connection.query(Self.slowQuery) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(ContinuousClock.now - started < .seconds(10))
            // The connection is still usable, and a later statement is not interrupted.
            #expect(try await connection.query("SELECT 42").first?[0] == .integer(42))
        }
    }

    @Test(.timeLimit(.minutes(1))) func cancellingATransactionRollsItBack() async throws {
        try await withTemporaryConnection(schema: "CREATE TABLE t (x)") { connection in
            let task = Task {
                try await connection.withSynchronousTransaction(mode: .immediate) { transaction in
                    try transaction.execute("INSERT INTO t VALUES (1)")
                    return try transaction.query(Self.slowQuery)
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(await !connection.isInTransaction)
            #expect(try await connection.query("SELECT count(*) FROM t").first?[0] == .integer(0))
        }
    }

    @Test(.timeLimit(.minutes(1))) func aCancellationAroundThePrepareIsACancellation() async throws {
        try await withTemporaryConnection { connection async throws in
            // Tasks cancelled at every moment of their statement: before it, while it is prepared (the interrupt
            // then fails the prepare), while it runs, after it. Each ends with its result or CancellationError,
            // never an "interrupted" SQLiteError.
            var outcomes: [String: Int] = [:]
            for round in 0..<2_000 {
                let task = Task { try await connection.query("SELECT \(round) AS r\(round)") }
                if round % 3 != 0 { await Task.yield() }
                task.cancel()
                do {
                    _ = try await task.value
                    outcomes["done", default: 0] += 1
                } catch is CancellationError {
                    outcomes["cancelled", default: 0] += 1
                } catch {
                    Issue.record("round \(round): \(error)")
                }
            }
            #expect(outcomes.values.reduce(0, +) == 2_000, "\(outcomes)")
            #expect(try await connection.query("SELECT 42").first?[0] == .integer(42))
        }
    }

    @Test(.timeLimit(.minutes(1))) func interruptFailsTheRunningStatement() async throws {
        try await withTemporaryConnection { connection in
            let task = Task { try await connection.query(Self.slowQuery) }
            // Interrupt until the statement ends: on a loaded machine the statement may not have started 200 ms
            // later, and an interrupt that comes before it is lost (a CI run waited 473 s for the query).
            let interrupter = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    connection.interrupt()
                }
            }
            let error = await #expect(throws: SQLiteError.self) { try await task.value }
            interrupter.cancel()
            #expect(error?.kind == .interrupted)
        }
    }

    @Test func anAlreadyCancelledTaskRunsNothing() async throws {
        try await withTemporaryConnection(schema: "CREATE TABLE t (x)") { connection in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await connection.execute("INSERT INTO t VALUES (1)")
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            let count = try await connection.query("SELECT count(*) FROM t")
            #expect(count.first?[0] == .integer(0))
        }
    }

    @Test func statementCacheEvictsAndReuses() async throws {
        try await withTemporaryConnection(configuration: .init(statementCacheCapacity: 2)) { connection in
            for round in 0..<50 {
                for offset in 0..<3 {
                    let rows = try await connection.query("SELECT ? + \(offset)", [.integer(Int64(round))])
                    #expect(rows.first?[0] == .integer(Int64(round + offset)))
                }
            }
        }
        try await withTemporaryConnection(configuration: .init(statementCacheCapacity: 0)) { connection in
            let one = try await connection.query("SELECT ?", [1])
            let two = try await connection.query("SELECT ?", [2])
            #expect(one.first?[0] == .integer(1))
            #expect(two.first?[0] == .integer(2))
        }
    }
}
