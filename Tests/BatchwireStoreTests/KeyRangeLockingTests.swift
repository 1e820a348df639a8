import Foundation
import MySQLClient
import Testing

@testable import BatchwireStore

/// The key-range form of many-row statements (``SQLDialect/keyRangeSuffix(key:rows:)``) on the real MariaDB:
/// the plain `WHERE pk IN (…)` on a small table scans it and waits on rows other transactions hold, which is
/// how two groups deadlocked on each other's new execution leases; the key-range form touches only its rows.
@Suite("Many-row statements reach their rows by key alone (MariaDB)")
struct KeyRangeLockingTests {
    @Test("a release of 120 leases passes another transaction's new lease row; the plain IN form waits on it")
    func keyRangeDeletePassesUncommittedRows() async throws {
        let configuration = try MySQLTestEnvironment.configuration()
        let table = "KR_LEASE_\(UInt32.random(in: 0...UInt32.max))"
        let setup = try await MySQLConnection.connect(configuration: configuration)
        let holder = try await MySQLConnection.connect(configuration: configuration)
        let releaser = try await MySQLConnection.connect(configuration: configuration)
        func cleanUp() async {
            _ = try? await holder.execute("ROLLBACK")
            _ = try? await releaser.execute("ROLLBACK")
            _ = try? await setup.execute("DROP TABLE IF EXISTS \(table)")
            await setup.close()
            await holder.close()
            await releaser.close()
        }
        do {
            try await check(table: table, setup: setup, holder: holder, releaser: releaser)
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    @Test("a lease renewal skips a lease another transaction is releasing instead of waiting on it")
    func renewalSkipsHeldLeases() async throws {
        try await TestStore.with(.mysql) { t throws in
            let now = Date()
            for id in [1, 2, 3] as [Int64] {
                #expect(try await t.store.state.claimOwnership(
                    jobExecutionID: id, nodeID: "a", leaseExpiresAt: now.addingTimeInterval(30), at: now))
            }
            // Another group releases lease 2 and has not committed yet.
            guard case .mysql(let holder) = t.raw else { Issue.record("not MySQL"); return }
            try await holder.execute("START TRANSACTION")
            try await holder.execute("DELETE FROM \(t.names.executionOwner) WHERE JOB_EXECUTION_ID = 2")
            let started = ContinuousClock.now
            let renewed = try await t.store.state.renewLeases(
                nodeID: "a", executionIDs: [1, 2, 3], until: now.addingTimeInterval(90))
            let waited = started.duration(to: .now)
            try await holder.execute("COMMIT")
            #expect(renewed == 2)
            // Not a speed check: the server's lock wait is 50 s; without the skip the call waits for it.
            #expect(waited < .seconds(20))
            let expiring = try await t.store.state.expiredOwnerships(at: now.addingTimeInterval(60))
            #expect(expiring.isEmpty)
        }
    }

    private func check(table: String, setup: MySQLConnection, holder: MySQLConnection, releaser: MySQLConnection)
        async throws
    {
        try await setup.execute(
            "CREATE TABLE \(table) (JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY, NODE_ID VARCHAR(100) NOT NULL) ENGINE=InnoDB")
        let rows = (1...300).map { "(\($0), 'node')" }.joined(separator: ", ")
        try await setup.execute("INSERT INTO \(table) VALUES \(rows)")
        try await setup.execute("ANALYZE TABLE \(table)")

        // Another group's launch: a new lease row, not committed yet.
        try await holder.execute("START TRANSACTION")
        try await holder.execute("INSERT INTO \(table) VALUES (5000, 'other')")

        try await releaser.execute("SET SESSION innodb_lock_wait_timeout = 1")
        try await releaser.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
        let ids = (1...120).map { $0 * 2 }
        let list = ids.map(String.init).joined(separator: ", ")
        let plain = "DELETE FROM \(table) WHERE JOB_EXECUTION_ID IN (\(list))"

        try await releaser.execute("START TRANSACTION")
        let waited = await #expect(throws: MySQLError.self) { try await releaser.execute(plain) }
        #expect(waited?.code == .lockWaitTimeout)
        try await releaser.execute("ROLLBACK")

        try await releaser.execute("START TRANSACTION")
        let deleted = try await releaser.execute(
            plain + SQLDialect.mysql.keyRangeSuffix(key: "JOB_EXECUTION_ID", rows: ids.count))
        #expect(deleted.affectedRows == 120)
        try await releaser.execute("COMMIT")
        try await holder.execute("COMMIT")
        let left = try await setup.query("SELECT COUNT(*) AS N FROM \(table)")
        #expect(left.first?.values.first == .int64(181))
    }
}
