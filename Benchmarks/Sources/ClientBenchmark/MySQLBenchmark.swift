import BenchmarkSupport
import Foundation
import MySQLClient

/// Measures prepared INSERTs per second against the private MariaDB (`scripts/mariadb.sh start`),
/// with autocommit and in transactions of 1000 rows. Reads the BATCHWIRE_TEST_MYSQL_* variables.
func runMySQLBenchmark() async {
    guard let mysql = try? BenchmarkEnvironment.mysql() else {
        print("mysql benchmark: BATCHWIRE_TEST_MYSQL_* not set; run scripts/services.sh start and source its env file")
        return
    }
    let configuration = MySQLConfiguration(
        host: mysql.host, port: mysql.port, user: mysql.user, password: mysql.password, database: mysql.database)
    do {
        try await MySQLBenchmark(configuration: configuration).run()
    } catch {
        print("mysql benchmark failed: \(error)")
    }
}

private struct MySQLBenchmark {
    let configuration: MySQLConfiguration
    let table = "bench_insert_\(UUID().uuidString.prefix(8).lowercased())"

    func run() async throws {
        let connection = try await MySQLConnection.connect(configuration: configuration)
        try await connection.execute(
            """
            CREATE TABLE \(table) (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,
            amount DOUBLE NOT NULL, created DATETIME(6) NOT NULL, payload BLOB NULL) ENGINE=InnoDB
            """
        )
        let insert = "INSERT INTO \(table) (name, amount, created, payload) VALUES (?, ?, ?, ?)"
        let payload = Data(repeating: 7, count: 64)

        func row(_ index: Int) -> [MySQLValue] {
            [.string("job-\(index)"), .double(Double(index) * 0.5), .date(Date()), .data(payload)]
        }

        // Warm up the statement cache and the buffer pool.
        for index in 0..<200 { try await connection.execute(insert, row(index)) }

        let autocommitCount = 5_000
        let autocommit = try await measure(count: autocommitCount) {
            for index in 0..<autocommitCount { try await connection.execute(insert, row(index)) }
        }
        print(
            String(
                format: "mysql: prepared INSERT, autocommit:              %8.0f rows/s (%d rows)",
                autocommit,
                autocommitCount
            )
        )

        let batches = 50
        let batchSize = 1_000
        let batched = try await measure(count: batches * batchSize) {
            for batch in 0..<batches {
                try await connection.withTransaction { connection in
                    for index in 0..<batchSize { try await connection.execute(insert, row(batch * batchSize + index)) }
                }
            }
        }
        print(
            String(
                format: "mysql: prepared INSERT, %d per transaction:    %8.0f rows/s (%d rows)",
                batchSize,
                batched,
                batches * batchSize
            )
        )

        let many = try await measure(count: batches * batchSize) {
            for batch in 0..<batches {
                try await connection.withTransaction { connection in
                    try await connection.executeMany(insert, (0..<batchSize).map { row(batch * batchSize + $0) })
                }
            }
        }
        print(
            String(
                format: "mysql: prepared INSERT, executeMany %d per tx: %8.0f rows/s (%d rows)",
                batchSize,
                many,
                batches * batchSize
            )
        )

        let total = try await connection.query("SELECT COUNT(*) FROM \(table)")[0].int64(0)
        print("mysql: rows in table after the run: \(total)")
        try await connection.execute("DROP TABLE IF EXISTS \(table)")
        await connection.close()
    }

    private func measure(count: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { try await body() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / seconds
    }
}
