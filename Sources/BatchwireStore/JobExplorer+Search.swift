import BatchwireCore

/// The dashboard's reads: a filtered, keyed page of executions and every job's totals.
extension JobExplorer {
    /// A page of executions matching `search`, newest first, without parameters, contexts or steps.
    ///
    /// The query walks `JOB_EXECUTION` backwards along its primary key (`ORDER BY JOB_EXECUTION_ID DESC`,
    /// starting below ``ExecutionSearch/before``) and stops after ``ExecutionSearch/limit`` matches; the job
    /// name is checked through `JOB_INSTANCE`'s primary key (or its `JOB_INST_UN (JOB_NAME, JOB_KEY)` index when
    /// the planner starts there); a parameter value is looked up once, as the set of execution ids whose
    /// parameters hold it (one scan of `JOB_EXECUTION_PARAMS`, which has no index on its values). No filesort,
    /// no OFFSET: a page deep in a job's 100,000 executions costs what the first does.
    /// - Throws: ``StoreError`` `.invalidArgument` for a limit outside 1...500, `.corruptData`, `.database`.
    public func searchExecutions(_ search: ExecutionSearch) async throws(StoreError) -> ExecutionPage {
        guard (1...500).contains(search.limit) else {
            throw StoreError(.invalidArgument, "a page holds 1 to 500 executions; ask for fewer")
        }
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let jobName = search.jobName {
            conditions.append("I.JOB_NAME = ?")
            binds.append(.text(jobName))
        }
        if let status = search.status {
            conditions.append("E.STATUS = ?")
            binds.append(.text(status.name))
        }
        if let from = search.createdFrom {
            conditions.append("E.CREATE_TIME >= ?")
            binds.append(.wallClock(from))
        }
        if let before = search.createdBefore {
            conditions.append("E.CREATE_TIME < ?")
            binds.append(.wallClock(before))
        }
        if let before = search.before {
            conditions.append("E.JOB_EXECUTION_ID < ?")
            binds.append(.int(before))
        }
        if let value = search.parameterValue {
            // Not a correlated EXISTS: SQLite has no index on the parameters' JOB_EXECUTION_ID, so it would scan
            // them once per execution. The IN list is read once (MySQL makes it a semi-join).
            conditions.append(
                "E.JOB_EXECUTION_ID IN (SELECT P.JOB_EXECUTION_ID FROM \(context.names.jobExecutionParams) P "
                    + "WHERE P.PARAMETER_VALUE = ?)")
            binds.append(.text(value))
        }
        let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let limit = search.limit
        let finalBinds = binds
        let executions = try await context.database.transaction("searchExecutions", .singleRead) { session in
            try await MetadataQueries(context: self.context, session: session).executions(
                where: condition, finalBinds, suffix: " LIMIT \(limit + 1)", complete: false)
        }
        let page = Array(executions.prefix(limit))
        return ExecutionPage(executions: page, nextBefore: executions.count > limit ? page.last?.id : nil)
    }

    /// Every job name in `JOB_INSTANCE` with its executions counted by status, the mean duration of the completed
    /// ones and its newest execution: two queries, one grouped scan of `JOB_EXECUTION` joined to `JOB_INSTANCE` by
    /// primary key, and one read of the newest executions by primary key.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func jobStatistics() async throws(StoreError) -> [JobStatistics] {
        let mysql = context.database.dialect == .mysql
        let duration =
            mysql
            ? "TIMESTAMPDIFF(MICROSECOND, E.START_TIME, E.END_TIME) / 1000"
            : "(julianday(E.END_TIME) - julianday(E.START_TIME)) * 86400000.0"
        let integer = mysql ? "SIGNED" : "INTEGER"
        let names = context.names
        return try await context.database.transaction("jobStatistics", .read) { session in
            let queries = MetadataQueries(context: self.context, session: session)
            let rows = try await session.query(
                "SELECT I.JOB_NAME, E.STATUS, COUNT(*) AS N, MAX(E.JOB_EXECUTION_ID) AS LAST_ID, "
                    + "CAST(AVG(CASE WHEN E.STATUS = 'COMPLETED' THEN \(duration) END) AS \(integer)) AS AVG_MS "
                    + "FROM \(names.jobExecution) E JOIN \(names.jobInstance) I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID "
                    + "GROUP BY I.JOB_NAME, E.STATUS",
                [])
            var counts: [String: [BatchStatus: Int]] = [:]
            var latestID: [String: Int64] = [:]
            var average: [String: Int64] = [:]
            for row in rows {
                let job = try row.text("JOB_NAME")
                let status = try MetadataQueries.status(try row.textIfPresent("STATUS"), table: names.jobExecution)
                counts[job, default: [:]][status, default: 0] += Int(try row.int("N"))
                latestID[job] = max(latestID[job] ?? 0, try row.int("LAST_ID"))
                if let milliseconds = try row.intIfPresent("AVG_MS") { average[job] = milliseconds }
            }
            let ids = latestID.values.sorted()
            var latest: [String: JobExecution] = [:]
            if !ids.isEmpty {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                for execution in try await queries.executions(
                    where: "E.JOB_EXECUTION_ID IN (\(marks))", ids.map { .int($0) }, complete: false)
                {
                    latest[execution.jobName] = execution
                }
            }
            // Job names with instances but no executions still count as jobs of the tables.
            let instanceNames = try await session.query("SELECT DISTINCT JOB_NAME FROM \(names.jobInstance)", [])
                .map { try $0.text("JOB_NAME") }
            return Set(instanceNames).union(counts.keys).sorted().map { job in
                JobStatistics(
                    jobName: job, countsByStatus: counts[job] ?? [:], averageCompletedMilliseconds: average[job],
                    latest: latest[job])
            }
        }
    }
}
