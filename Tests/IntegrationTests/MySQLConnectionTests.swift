import BatchwireTestBasics
import Foundation
import MySQLClient
import Testing

@Suite("MySQL connections, lost connections and the pool", .needs(.mysql))
struct MySQLConnectionTests {
    @Test("a wrong password is refused with 1045 and a description without the password")
    func wrongPassword() async throws {
        let wrong = "not-the-password-\(UUID().uuidString)"
        let configuration = try MySQLTestServer.configuration(password: wrong)
        let error = await expectMySQLError { _ = try await MySQLConnection.connect(configuration: configuration) }
        #expect(error?.number == 1045)
        #expect(error?.code == .accessDenied)
        #expect(error?.sqlState == "28000")
        #expect(error?.operation == .connect)
        let description = error.map { "\($0)" } ?? ""
        #expect(description.contains("1045"))
        #expect(description.contains("password"))  // says what to check...
        #expect(!description.contains(wrong))  // ...never what was sent.
        #expect(!String(reflecting: error as Any).contains(wrong))
        #expect(!"\(configuration)".contains(wrong))
    }

    @Test("no server on the port gives connectionFailed")
    func noServer() async throws {
        var configuration = try MySQLTestServer.configuration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 1)
        let error = await expectMySQLError { _ = try await MySQLConnection.connect(configuration: configuration) }
        #expect(error?.code == .connectionFailed)
        #expect(error?.number == 2002 || error?.number == 2003)
    }

    @Test("a connection killed from another connection is detected as lost")
    func killedConnectionIsLost() async throws {
        let victim = try await MySQLTestServer.connect()
        let killer = try await MySQLTestServer.connect()
        try await killer.execute("KILL ?", [.int64(Int64(await victim.serverConnectionID))])
        let error = await expectMySQLError { _ = try await victim.query("SELECT 1") }
        #expect(error?.isConnectionLost == true)
        #expect([2006, 2013].contains(error?.number ?? 0), "got \(String(describing: error))")
        #expect(error?.isRetryable == true)
        #expect(await victim.isUsable == false)
        // Later calls fail fast instead of touching the dead socket.
        let again = await expectMySQLError { _ = try await victim.query("SELECT 1") }
        #expect(again?.isConnectionLost == true)
        await victim.close()
        await killer.close()
    }

    @Test("the pool discards a connection that was killed and hands out a working new one")
    func poolReplacesKilledConnection() async throws {
        let pool = MySQLConnectionPool(
            configuration: try MySQLTestServer.configuration(),
            maxConnections: 1,
            validationInterval: .seconds(3600)
        )
        let killer = try await MySQLTestServer.connect()
        let firstID = try await pool.withConnection { connection in
            try await connection.query("SELECT CONNECTION_ID()")[0].int64(0)
        }
        try await killer.execute("KILL ?", [.int64(firstID)])

        // No validation within the hour: the pool hands the dead connection out, the query finds out.
        let error = await expectMySQLError {
            try await pool.withConnection { connection in
                #expect(Int64(await connection.serverConnectionID) == firstID)
                _ = try await connection.query("SELECT 1")
            }
        }
        #expect(error?.isConnectionLost == true)
        #expect([2006, 2013].contains(error?.number ?? 0), "got \(String(describing: error))")
        // Discarded on release: nothing idle, nothing open.
        #expect(pool.statistics.idle == 0)
        #expect(pool.statistics.open == 0)

        // It was discarded on release, not pooled: the next lease gets a new, working connection.
        let secondID = try await pool.withConnection { connection in
            try await connection.query("SELECT CONNECTION_ID()")[0].int64(0)
        }
        #expect(secondID != firstID)
        #expect(pool.statistics.open == 1)
        await pool.shutdown()
        await killer.close()
    }

    @Test("an idle connection killed behind the pool's back is replaced by validation before use")
    func poolValidatesIdleConnections() async throws {
        let pool = MySQLConnectionPool(
            configuration: try MySQLTestServer.configuration(),
            maxConnections: 2,
            validationInterval: .zero
        )
        let killer = try await MySQLTestServer.connect()
        let firstID = try await pool.withConnection { try await $0.query("SELECT CONNECTION_ID()")[0].int64(0) }
        try await killer.execute("KILL ?", [.int64(firstID)])
        let secondID = try await pool.withConnection { try await $0.query("SELECT CONNECTION_ID()")[0].int64(0) }
        #expect(secondID != firstID)
        await pool.shutdown()
        await killer.close()
    }

    @Test("the pool never opens more than its maximum, and a transaction left open is rolled back")
    func poolLimitAndRollbackOnRelease() async throws {
        let pool = MySQLConnectionPool(configuration: try MySQLTestServer.configuration(), maxConnections: 3)
        let table = MySQLTestServer.uniqueTableName("pool")
        try await pool.withConnection { try await $0.execute("CREATE TABLE \(table) (id BIGINT PRIMARY KEY)") }

        // 12 tasks each hold a connection for a while; at most 3 connections may exist.
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.withConnection { connection in
                        #expect(pool.statistics.open <= 3)
                        _ = try await connection.query("SELECT SLEEP(0.05)")
                        return try await connection.query("SELECT CONNECTION_ID()")[0].int64(0)
                    }
                }
            }
            return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
        }
        #expect(ids.count <= 3)
        #expect(pool.statistics.open <= 3)

        // Released inside an open transaction: the insert must not survive.
        let connection = try await pool.lease()
        try await connection.begin()
        try await connection.execute("INSERT INTO \(table) VALUES (1)")
        await pool.release(connection)
        let count = try await pool.withConnection { try await $0.query("SELECT COUNT(*) FROM \(table)")[0].int64(0) }
        #expect(count == 0)

        try await pool.withConnection { try await $0.execute("DROP TABLE \(table)") }
        await pool.shutdown()
        let error = await expectMySQLError { _ = try await pool.withConnection { _ in 1 } }
        #expect(error?.code == .poolClosed)
    }

    @Test("blocking calls run on the connections' own threads, not on the cooperative pool")
    func blockingCallsRunInParallel() async throws {
        // 8 connections each wait in the server. On Swift's cooperative pool (one thread per core,
        // 2 here) at most 2 of them could be inside the server at once; on dedicated threads the
        // server sees all 8 together. Counted in the server's process list, not timed, so a
        // loaded machine cannot make it fail.
        let marker = "bw-parallel-\(UInt32.random(in: 0...UInt32.max))"
        let connections = try await withThrowingTaskGroup(of: MySQLConnection.self) { group in
            for _ in 0..<8 { group.addTask { try await MySQLTestServer.connect() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let observer = try await MySQLTestServer.connect()
        let mostAtOnce = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for connection in connections {
                group.addTask { _ = try await connection.query("SELECT '\(marker)', SLEEP(5)"); return nil }
            }
            group.addTask {
                var most: Int64 = 0
                let deadline = ContinuousClock.now + .milliseconds(4500)
                while most < 8, ContinuousClock.now < deadline {
                    let rows = try await observer.query(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                            + "WHERE INFO LIKE ? AND INFO NOT LIKE '%PROCESSLIST%'", [.string("%\(marker)%")])
                    most = max(most, try rows[0].int64(0))
                    try await Task.sleep(for: .milliseconds(20))
                }
                return most
            }
            var most: Int64 = 0
            for try await result in group { if let result { most = result } }
            return most
        }
        #expect(mostAtOnce == 8, "the server saw at most \(mostAtOnce) of 8 blocking queries at once")
        for connection in connections { await connection.close() }
        await observer.close()
    }

    @Test("TLS preferred connects; required fails clearly when the server has no TLS")
    func tlsModes() async throws {
        var preferred = try MySQLTestServer.configuration()
        preferred.tls = .preferred
        let connection = try await MySQLConnection.connect(configuration: preferred)
        let serverHasTLS = try await connection.query("SELECT @@have_ssl")[0].string(0) == "YES"
        #expect((await connection.tlsCipher != nil) == serverHasTLS)
        await connection.close()

        var required = try MySQLTestServer.configuration()
        required.tls = .required
        if serverHasTLS {
            let encrypted = try await MySQLConnection.connect(configuration: required)
            #expect(await encrypted.tlsCipher != nil)
            await encrypted.close()
        } else {
            let error = await expectMySQLError { _ = try await MySQLConnection.connect(configuration: required) }
            #expect(error?.code == .tlsUnavailable)
        }

        var verify = try MySQLTestServer.configuration()
        verify.tls = MySQLTLSConfiguration(mode: .verifyIdentity)
        let missingCA = await expectMySQLError { _ = try await MySQLConnection.connect(configuration: verify) }
        #expect(missingCA?.code == .invalidArgument)
    }
}
