import BatchwireStore
import MySQLClient
import SQLiteClient

/// Fills a store's Spring tables (SQLite or MySQL) with generated runs in one script: one instance, one execution
/// (with a `run.id` parameter) and one step per run, a minute apart, every tenth one FAILED.
enum BenchmarkData {
    /// - Parameters:
    ///   - path: the SQLite file, its schema already created.
    ///   - jobs: each job's name and its number of runs.
    static func fill(path: String, jobs: [(name: String, runs: Int)]) async throws {
        let connection = try await SQLiteConnection(path: path)
        var first = 1
        var script = "BEGIN;\n"
        for job in jobs {
            let last = first + job.runs - 1
            let series = "WITH RECURSIVE n(i) AS (SELECT \(first) UNION ALL SELECT i + 1 FROM n WHERE i < \(last))"
            let time = "strftime('%Y-%m-%d %H:%M:%f', 1765000000 + i * 60, 'unixepoch') || '000'"
            let end = "strftime('%Y-%m-%d %H:%M:%f', 1765000000 + i * 60 + 5 + i % 7, 'unixepoch') || '000'"
            let status = "CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END"
            script += """
                \(series) INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY)
                  SELECT i, 0, '\(job.name)', printf('%032d', i) FROM n;
                \(series) INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME,
                  START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
                  SELECT i, 2, i, \(time), \(time), \(end), \(status), \(status), '', \(end) FROM n;
                \(series) INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE,
                  PARAMETER_VALUE, IDENTIFYING) SELECT i, 'run.id', 'java.lang.Long', CAST(i AS TEXT), 'Y' FROM n;
                \(series) INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID,
                  CREATE_TIME, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT,
                  EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT,
                  LAST_UPDATED)
                  SELECT i, 3, 'work', i, \(time), \(time), \(end), \(status), 1, 100, 0, 100, \(status), '', 0, 0, 0, 0,
                  \(end) FROM n;

                """
            first = last + 1
        }
        script += "UPDATE BATCH_JOB_SEQ SET ID = \(first);\nUPDATE BATCH_JOB_EXECUTION_SEQ SET ID = \(first);\n"
        script += "UPDATE BATCH_STEP_EXECUTION_SEQ SET ID = \(first);\nCOMMIT;\n"
        try await connection.executeScript(script)
        await connection.close()
    }

    /// The same rows on MySQL/MariaDB: a table of the numbers 1…n (from a cross join of digits), then one
    /// `INSERT … SELECT` per table.
    /// - Parameters:
    ///   - names: the store's table names (its prefix).
    ///   - jobs: each job's name and its number of runs.
    static func fillMySQL(names: TableNames, jobs: [(name: String, runs: Int)]) async throws {
        let connection = try await BenchmarkStore.mysqlConnection()
        let total = jobs.map(\.runs).reduce(0, +)
        let numbers = names.prefix + "BENCH_N"
        _ = try await connection.executeUnprepared("DROP TABLE IF EXISTS \(numbers)")
        _ = try await connection.executeUnprepared("CREATE TABLE \(numbers) (I BIGINT PRIMARY KEY)")
        let digits = "(SELECT 0 D UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
            + "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
        _ = try await connection.executeUnprepared(
            "INSERT INTO \(numbers) SELECT 1 + A.D + 10 * B.D + 100 * C.D + 1000 * E.D + 10000 * F.D + 100000 * G.D "
                + "FROM \(digits) A, \(digits) B, \(digits) C, \(digits) E, \(digits) F, \(digits) G "
                + "WHERE 1 + A.D + 10 * B.D + 100 * C.D + 1000 * E.D + 10000 * F.D + 100000 * G.D <= \(total)")
        var first = 1
        let time = "TIMESTAMPADD(SECOND, I * 60, '2025-12-06 05:46:40')"
        let end = "TIMESTAMPADD(SECOND, I * 60 + 5 + I % 7, '2025-12-06 05:46:40')"
        let status = "CASE WHEN I % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END"
        for job in jobs {
            let last = first + job.runs - 1
            let range = "FROM \(numbers) WHERE I BETWEEN \(first) AND \(last)"
            for statement in [
                "INSERT INTO \(names.jobInstance) (JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) "
                    + "SELECT I, 0, '\(job.name)', LPAD(I, 32, '0') \(range)",
                "INSERT INTO \(names.jobExecution) (JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, "
                    + "END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED) "
                    + "SELECT I, 2, I, \(time), \(time), \(end), \(status), \(status), '', \(end) \(range)",
                "INSERT INTO \(names.jobExecutionParams) (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, "
                    + "IDENTIFYING) SELECT I, 'run.id', 'java.lang.Long', CAST(I AS CHAR), 'Y' \(range)",
                "INSERT INTO \(names.stepExecution) (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, "
                    + "START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, "
                    + "EXIT_MESSAGE, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED) "
                    + "SELECT I, 3, 'work', I, \(time), \(time), \(end), \(status), 1, 100, 0, 100, \(status), '', 0, 0, 0, "
                    + "0, \(end) \(range)",
            ] {
                _ = try await connection.executeUnprepared(statement)
            }
            first = last + 1
        }
        for sequence in [names.jobSequence, names.jobExecutionSequence, names.stepExecutionSequence] {
            _ = try await connection.executeUnprepared("UPDATE \(sequence) SET ID = \(first)")
        }
        _ = try await connection.executeUnprepared("DROP TABLE \(numbers)")
        for table in [names.jobInstance, names.jobExecution, names.jobExecutionParams, names.stepExecution] {
            _ = try await connection.query("ANALYZE TABLE \(table)")
        }
        await connection.close()
    }
}
