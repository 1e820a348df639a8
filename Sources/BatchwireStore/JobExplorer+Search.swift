import BatchwireCore

/// The dashboard's reads: a filtered, keyed page of executions and every job's totals.
extension JobExplorer {
    /// A page of executions matching `search`, newest first, without parameters, contexts or steps.
    ///
    /// The query walks `JOB_EXECUTION` backwards along its primary key (`ORDER BY JOB_EXECUTION_ID DESC`,
    /// starting below ``ExecutionSearch/before``) and stops after ``ExecutionSearch/limit`` matches; the job
    /// name is checked through `JOB_INSTANCE`'s primary key (or its `JOB_INST_UN (JOB_NAME, JOB_KEY)` index when
    /// the planner starts there); a parameter value is looked up once, as the set of execution ids whose
    /// parameters hold it, through Batchwire's `BW_JOB_PARAM_VALUE_IX` index on `JOB_EXECUTION_PARAMS
    /// (PARAMETER_VALUE, JOB_EXECUTION_ID)` (Spring's schema has none on the values). No filesort,
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

    /// Every job's totals over the executions with ids in `lowerBound + 1 ... upperBound`: one grouped read of
    /// that range of `JOB_EXECUTION` (a primary-key range scan) joined to `JOB_INSTANCE` by primary key. The whole
    /// table (`lowerBound` 0, no `upperBound`) is a full scan: callers that show totals often keep the totals
    /// of finished executions and read only the newer ones.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func jobTotals(executionIDsAbove lowerBound: Int64 = 0, through upperBound: Int64? = nil)
        async throws(StoreError) -> JobTotalsSlice
    {
        let mysql = context.database.dialect == .mysql
        let duration =
            mysql
            ? "TIMESTAMPDIFF(MICROSECOND, E.START_TIME, E.END_TIME) DIV 1000"
            : "CAST((julianday(E.END_TIME) - julianday(E.START_TIME)) * 86400000.0 AS INTEGER)"
        let completed = "E.STATUS = 'COMPLETED' AND E.START_TIME IS NOT NULL AND E.END_TIME IS NOT NULL"
        let names = context.names
        var range = "E.JOB_EXECUTION_ID > ?"
        var binds: [SQLValue] = [.int(lowerBound)]
        if let upperBound {
            range += " AND E.JOB_EXECUTION_ID <= ?"
            binds.append(.int(upperBound))
        }
        let finalRange = range
        let finalBinds = binds
        return try await context.database.transaction("jobTotals", .singleRead) { session in
            let rows = try await session.query(
                "SELECT I.JOB_NAME, E.STATUS, COUNT(*) AS N, MAX(E.JOB_EXECUTION_ID) AS LAST_ID, "
                    + "MIN(E.JOB_EXECUTION_ID) AS FIRST_ID, SUM(CASE WHEN \(completed) THEN \(duration) END) AS SUM_MS, "
                    + "COUNT(CASE WHEN \(completed) THEN 1 END) AS TIMED "
                    + "FROM \(names.jobExecution) E JOIN \(names.jobInstance) I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID "
                    + "WHERE \(finalRange) GROUP BY I.JOB_NAME, E.STATUS",
                finalBinds)
            var slice = JobTotalsSlice(byJob: [:], lowestRunningID: nil, highestID: nil)
            for row in rows {
                let job = try row.text("JOB_NAME")
                let status = try MetadataQueries.status(try row.textIfPresent("STATUS"), table: names.jobExecution)
                var totals = JobTotals()
                totals.countsByStatus[status] = Int(try row.int("N"))
                totals.latestID = try row.int("LAST_ID")
                totals.completedMilliseconds = try row.intIfPresent("SUM_MS") ?? 0
                totals.completedTimed = Int(try row.intIfPresent("TIMED") ?? 0)
                slice.byJob[job, default: JobTotals()].add(totals)
                slice.highestID = max(slice.highestID ?? 0, totals.latestID)
                if status.isRunning {
                    let first = try row.int("FIRST_ID")
                    slice.lowestRunningID = min(slice.lowestRunningID ?? first, first)
                }
            }
            return slice
        }
    }

    /// The executions with these ids (without parameters, contexts or steps), newest first; missing ids are
    /// left out. Read by primary key.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getJobExecutions(ids: [Int64]) async throws(StoreError) -> [JobExecution] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await read("getJobExecutions") { queries in
            try await queries.executions(where: "E.JOB_EXECUTION_ID IN (\(marks))", ids.map { .int($0) }, complete: false)
        }
    }

    /// Every job name in `JOB_INSTANCE` with its totals over every execution and its newest execution: a full
    /// grouped scan of `JOB_EXECUTION` (see ``jobTotals(executionIDsAbove:through:)`` to read less), then the
    /// newest executions by primary key.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func jobStatistics() async throws(StoreError) -> [JobStatistics] {
        try await jobStatistics(totals: try await jobTotals().byJob)
    }

    /// Every job name in `JOB_INSTANCE` with the given totals and its newest execution (by primary key).
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func jobStatistics(totals: [String: JobTotals]) async throws(StoreError) -> [JobStatistics] {
        var latest: [String: JobExecution] = [:]
        for execution in try await getJobExecutions(ids: totals.values.map(\.latestID).filter { $0 > 0 }) {
            latest[execution.jobName] = execution
        }
        // Job names with instances but no executions still count as jobs of the tables.
        return Set(try await getJobNames()).union(totals.keys).sorted().map { job in
            JobStatistics(
                jobName: job, countsByStatus: totals[job]?.countsByStatus ?? [:],
                averageCompletedMilliseconds: totals[job]?.averageCompletedMilliseconds, latest: latest[job])
        }
    }
}
