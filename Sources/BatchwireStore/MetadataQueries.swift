import BatchwireCore

/// The SQL shared by ``JobRepository`` and ``JobExplorer``, run on a session inside their transactions.
///
/// Reads follow Spring 5's DAOs: NULL counts read as 0, a NULL VERSION as 0, a NULL exit code as UNKNOWN.
struct MetadataQueries: Sendable {
    let context: StoreContext
    let session: any DatabaseSession

    var names: TableNames { context.names }
    var configuration: MetadataStoreConfiguration { context.configuration }

    static let instanceColumns = "I.JOB_INSTANCE_ID, I.JOB_NAME, I.JOB_KEY, I.VERSION AS INSTANCE_VERSION"
    static let executionColumns =
        "E.JOB_EXECUTION_ID, E.START_TIME, E.END_TIME, E.STATUS, E.EXIT_CODE, E.EXIT_MESSAGE, E.CREATE_TIME, "
        + "E.LAST_UPDATED, E.VERSION, " + instanceColumns
    static let stepColumns =
        "S.STEP_EXECUTION_ID, S.STEP_NAME, S.START_TIME, S.END_TIME, S.STATUS, S.COMMIT_COUNT, S.READ_COUNT, "
        + "S.FILTER_COUNT, S.WRITE_COUNT, S.EXIT_CODE, S.EXIT_MESSAGE, S.READ_SKIP_COUNT, S.WRITE_SKIP_COUNT, "
        + "S.PROCESS_SKIP_COUNT, S.ROLLBACK_COUNT, S.LAST_UPDATED, S.VERSION, S.CREATE_TIME, S.JOB_EXECUTION_ID"

    /// `FROM <exec> E JOIN <inst> I ON …`.
    var executionFrom: String {
        "FROM \(names.jobExecution) E JOIN \(names.jobInstance) I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID"
    }

    // MARK: Decoding

    func instance(from row: SQLRow) throws(StoreError) -> JobInstance {
        JobInstance(
            id: try row.int("JOB_INSTANCE_ID"), version: try row.intIfPresent("INSTANCE_VERSION") ?? 0,
            jobName: try row.text("JOB_NAME"), jobKey: try row.text("JOB_KEY"))
    }

    static func status(_ text: String?, table: String) throws(StoreError) -> BatchStatus {
        guard let text else { return .unknown }
        guard let status = BatchStatus(databaseValue: text) else {
            throw StoreError(.corruptData, "\(table).STATUS holds a value that is not a BatchStatus name")
        }
        return status
    }

    /// An execution row without parameters, context or steps.
    func executionRow(_ row: SQLRow) throws(StoreError) -> JobExecution {
        JobExecution(
            id: try row.int("JOB_EXECUTION_ID"), version: try row.intIfPresent("VERSION") ?? 0,
            jobInstance: try instance(from: row), jobParameters: JobParameters(),
            status: try Self.status(try row.textIfPresent("STATUS"), table: names.jobExecution),
            exitStatus: ExitStatus(
                try row.textIfPresent("EXIT_CODE") ?? ExitStatus.unknown.exitCode,
                description: try row.textIfPresent("EXIT_MESSAGE")),
            createTime: try row.wallClock("CREATE_TIME"), startTime: try row.wallClockIfPresent("START_TIME"),
            endTime: try row.wallClockIfPresent("END_TIME"), lastUpdated: try row.wallClockIfPresent("LAST_UPDATED"))
    }

    func stepRow(_ row: SQLRow) throws(StoreError) -> StepExecution {
        StepExecution(
            id: try row.int("STEP_EXECUTION_ID"), version: try row.intIfPresent("VERSION") ?? 0,
            stepName: try row.text("STEP_NAME"), jobExecutionId: try row.int("JOB_EXECUTION_ID"),
            status: try Self.status(try row.textIfPresent("STATUS"), table: names.stepExecution),
            exitStatus: ExitStatus(
                try row.textIfPresent("EXIT_CODE") ?? ExitStatus.unknown.exitCode,
                description: try row.textIfPresent("EXIT_MESSAGE")),
            createTime: try row.wallClock("CREATE_TIME"), startTime: try row.wallClockIfPresent("START_TIME"),
            endTime: try row.wallClockIfPresent("END_TIME"), lastUpdated: try row.wallClockIfPresent("LAST_UPDATED"),
            commitCount: try row.intIfPresent("COMMIT_COUNT") ?? 0, readCount: try row.intIfPresent("READ_COUNT") ?? 0,
            filterCount: try row.intIfPresent("FILTER_COUNT") ?? 0, writeCount: try row.intIfPresent("WRITE_COUNT") ?? 0,
            readSkipCount: try row.intIfPresent("READ_SKIP_COUNT") ?? 0,
            writeSkipCount: try row.intIfPresent("WRITE_SKIP_COUNT") ?? 0,
            processSkipCount: try row.intIfPresent("PROCESS_SKIP_COUNT") ?? 0,
            rollbackCount: try row.intIfPresent("ROLLBACK_COUNT") ?? 0)
    }

    // MARK: Instances

    func instance(jobName: String, jobKey: String, forUpdate: Bool = false) async throws -> JobInstance? {
        let lock = forUpdate && context.database.dialect == .mysql ? " FOR UPDATE" : ""
        if let grouped = session as? GroupedSession {
            // Read with the other instances the group's launches look up, by one statement.
            let names = self.names
            let session = self.session
            let decode = self
            let prefetched = try await grouped.namedInstance(InstanceKey(jobName: jobName, jobKey: jobKey)) { keys in
                let match = Array(repeating: "(I.JOB_NAME = ? AND I.JOB_KEY = ?)", count: keys.count)
                    .joined(separator: " OR ")
                let rows = try await session.query(
                    "SELECT \(Self.instanceColumns) FROM \(names.jobInstance) I WHERE \(match)\(lock)",
                    keys.flatMap { [SQLValue.text($0.jobName), .text($0.jobKey)] })
                var found: [InstanceKey: JobInstance] = [:]
                for row in rows {
                    let instance = try decode.instance(from: row)
                    found[InstanceKey(jobName: instance.jobName, jobKey: instance.jobKey)] = instance
                }
                return found
            }
            if prefetched.named { return prefetched.instance }
        }
        let rows = try await session.query(
            "SELECT \(Self.instanceColumns) FROM \(names.jobInstance) I WHERE I.JOB_NAME = ? AND I.JOB_KEY = ?\(lock)",
            [.text(jobName), .text(jobKey)])
        return try rows.first.map(instance(from:))
    }

    func instance(id: Int64) async throws -> JobInstance? {
        let rows = try await session.query(
            "SELECT \(Self.instanceColumns) FROM \(names.jobInstance) I WHERE I.JOB_INSTANCE_ID = ?", [.int(id)])
        return try rows.first.map(instance(from:))
    }

    // MARK: Executions

    /// Executions matching `condition` (on `E`/`I`), newest id first, each with parameters, context and
    /// steps when `complete`; with `contexts` false the job and step contexts are left empty, not read.
    func executions(
        where condition: String, _ binds: [SQLValue], suffix: String = "", complete: Bool = true, contexts: Bool = true
    ) async throws -> [JobExecution] {
        let rows = try await session.query(
            "SELECT \(Self.executionColumns) \(executionFrom) WHERE \(condition) ORDER BY E.JOB_EXECUTION_ID DESC\(suffix)",
            binds)
        var result: [JobExecution] = []
        for row in rows {
            let execution = try executionRow(row)
            result.append(complete ? try await completed(execution, contexts: contexts) : execution)
        }
        return result
    }

    func execution(id: Int64, complete: Bool = true, contexts: Bool = true) async throws -> JobExecution? {
        try await executions(where: "E.JOB_EXECUTION_ID = ?", [.int(id)], complete: complete, contexts: contexts).first
    }

    /// Loads parameters, job context and step executions (with their contexts) into `execution`; with
    /// `contexts` false the contexts are left empty, not read.
    func completed(_ execution: JobExecution, contexts: Bool = true) async throws -> JobExecution {
        let loaded = JobExecution(
            id: execution.id, version: execution.version, jobInstance: execution.jobInstance,
            jobParameters: try await parameters(executionID: execution.id), status: execution.status,
            exitStatus: execution.exitStatus, createTime: execution.createTime, startTime: execution.startTime,
            endTime: execution.endTime, lastUpdated: execution.lastUpdated,
            executionContext: contexts
                ? try await executionContext(
                    table: names.jobExecutionContext, idColumn: "JOB_EXECUTION_ID", id: execution.id)
                : ExecutionContext(),
            stepExecutions: try await steps(executionID: execution.id, contexts: contexts))
        return loaded
    }

    func parameters(executionID: Int64) async throws -> JobParameters {
        let rows = try await session.query(
            "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM \(names.jobExecutionParams) "
                + "WHERE JOB_EXECUTION_ID = ?", [.int(executionID)])
        return try parameters(rows, executionID: executionID)
    }

    /// Every parameter of the last execution (highest id) of the job's last instance (highest id), in one
    /// query: what `startNextInstance` hands the incrementer.
    func lastParameters(jobName: String) async throws -> JobParameters {
        let rows = try await session.query(
            "SELECT P.JOB_EXECUTION_ID, P.PARAMETER_NAME, P.PARAMETER_TYPE, P.PARAMETER_VALUE, P.IDENTIFYING FROM "
                + "\(names.jobExecutionParams) P WHERE P.JOB_EXECUTION_ID = (SELECT MAX(E.JOB_EXECUTION_ID) FROM "
                + "\(names.jobExecution) E WHERE E.JOB_INSTANCE_ID = (SELECT MAX(I.JOB_INSTANCE_ID) FROM "
                + "\(names.jobInstance) I WHERE I.JOB_NAME = ?))", [.text(jobName)])
        return try parameters(rows, executionID: try rows.first?.int("JOB_EXECUTION_ID") ?? 0)
    }

    /// ``lastParameters(jobName:)`` of several jobs, with three queries whatever their number (the newest
    /// instance of each, the last execution of each of those, their parameters); a job without an execution
    /// is left out. Plain indexed lookups, no derived tables: MariaDB rejects a re-executed prepared statement
    /// with a correlated subquery over a derived table ("Unknown column … in 'where'", error 1054).
    func lastParameters(jobNames: [String]) async throws -> [String: JobParameters] {
        guard jobNames.count > 1 else {
            guard let jobName = jobNames.first else { return [:] }
            return [jobName: try await lastParameters(jobName: jobName)]
        }
        func list(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        var jobOfInstance: [Int64: String] = [:]
        for row in try await session.query(
            "SELECT JOB_NAME, MAX(JOB_INSTANCE_ID) AS ID FROM \(names.jobInstance) WHERE JOB_NAME IN "
                + "(\(list(jobNames.count))) GROUP BY JOB_NAME", jobNames.map { .text($0) })
        {
            jobOfInstance[try row.int("ID")] = try row.text("JOB_NAME")
        }
        guard !jobOfInstance.isEmpty else { return [:] }
        var jobOfExecution: [Int64: String] = [:]
        for row in try await session.query(
            "SELECT JOB_INSTANCE_ID, MAX(JOB_EXECUTION_ID) AS ID FROM \(names.jobExecution) WHERE JOB_INSTANCE_ID IN "
                + "(\(list(jobOfInstance.count))) GROUP BY JOB_INSTANCE_ID", jobOfInstance.keys.sorted().map { .int($0) })
        {
            jobOfExecution[try row.int("ID")] = jobOfInstance[try row.int("JOB_INSTANCE_ID")]
        }
        guard !jobOfExecution.isEmpty else { return [:] }
        var byExecution: [Int64: [SQLRow]] = [:]
        for row in try await session.query(
            "SELECT JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM "
                + "\(names.jobExecutionParams) WHERE JOB_EXECUTION_ID IN (\(list(jobOfExecution.count)))",
            jobOfExecution.keys.sorted().map { .int($0) })
        {
            byExecution[try row.int("JOB_EXECUTION_ID"), default: []].append(row)
        }
        var result: [String: JobParameters] = [:]
        for (execution, jobName) in jobOfExecution {
            result[jobName] = try parameters(byExecution[execution] ?? [], executionID: execution)
        }
        return result
    }

    private func parameters(_ rows: [SQLRow], executionID: Int64) throws -> JobParameters {
        var parameters = JobParameters()
        for row in rows {
            let name = try row.text("PARAMETER_NAME")
            do {
                parameters[name] = try JobParameter(
                    databaseType: try row.text("PARAMETER_TYPE"), databaseValue: try row.textIfPresent("PARAMETER_VALUE"),
                    databaseIdentifying: try row.text("IDENTIFYING"), name: name)
            } catch let error as JobParameterError {
                throw StoreError(
                    .corruptData, "job execution \(executionID) has a parameter Batchwire cannot read", underlying: error)
            }
        }
        return parameters
    }

    // MARK: Steps

    func steps(executionID: Int64, contexts: Bool = true) async throws -> [StepExecution] {
        let rows = try await session.query(
            "SELECT \(Self.stepColumns) FROM \(names.stepExecution) S WHERE S.JOB_EXECUTION_ID = ? "
                + "ORDER BY S.STEP_EXECUTION_ID", [.int(executionID)])
        var result: [StepExecution] = []
        for row in rows {
            let step = try stepRow(row)
            result.append(contexts ? try await withContext(step) : step)
        }
        return result
    }

    func withContext(_ step: StepExecution) async throws -> StepExecution {
        var step = step
        step.executionContext = try await executionContext(
            table: names.stepExecutionContext, idColumn: "STEP_EXECUTION_ID", id: step.id)
        return step
    }

    // MARK: Contexts

    func executionContext(table: String, idColumn: String, id: Int64) async throws -> ExecutionContext {
        let rows = try await session.query(
            "SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(table) WHERE \(idColumn) = ?", [.int(id)])
        guard let row = rows.first else { return ExecutionContext() }
        let columns = ExecutionContextColumns(
            shortContext: try row.text("SHORT_CONTEXT"), serializedContext: try row.textIfPresent("SERIALIZED_CONTEXT"))
        do {
            return try configuration.contextSerializer.deserialize(columns.serialized)
        } catch {
            throw StoreError(
                .corruptData,
                "the context of \(idColumn) \(id) in \(table) cannot be read with the configured serializer", underlying: error)
        }
    }

    func columns(for executionContext: ExecutionContext) -> ExecutionContextColumns {
        ExecutionContextColumns(
            serialized: configuration.contextSerializer.serialize(executionContext),
            shortContextLength: configuration.shortContextLength)
    }

    /// Inserts a context row, split as Spring splits it (at the group's end in a grouped transaction).
    func insertContext(_ executionContext: ExecutionContext, table: String, idColumn: String, id: Int64) async throws {
        let columns = columns(for: executionContext)
        let kind: DeferredWrites.Kind = table == names.jobExecutionContext ? .jobExecutionContext : .stepExecutionContext
        try await session.insert(
            kind, into: table, ["SHORT_CONTEXT", "SERIALIZED_CONTEXT", idColumn],
            [.text(columns.shortContext), .optional(columns.serializedContext), .int(id)])
    }

    func updateContext(_ executionContext: ExecutionContext, table: String, idColumn: String, id: Int64) async throws {
        let columns = columns(for: executionContext)
        let changed = try await session.execute(
            "UPDATE \(table) SET SHORT_CONTEXT = ?, SERIALIZED_CONTEXT = ? WHERE \(idColumn) = ?",
            [.text(columns.shortContext), .optional(columns.serializedContext), .int(id)])
        if changed == 0 {
            try await insertContext(executionContext, table: table, idColumn: idColumn, id: id)
        }
    }
}
