import SQLiteClient

/// Fills an SQLite store's Spring tables with generated runs in one script: one instance, one execution
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
}
