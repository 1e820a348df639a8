import BatchwireCore

/// The repository's row writes inside a caller's transaction: the one place each Spring row is inserted or
/// updated, shared by the one-transaction methods of ``JobRepository`` and the grouped run transitions.
struct RepositoryWrites {
    let repository: JobRepository
    let session: any DatabaseSession

    private var names: TableNames { repository.names }
    private var database: Database { repository.database }

    /// Spring 5's launch: find the instance by name and JOB_KEY (locking it), check its executions, insert the
    /// instance if new, then the execution (STARTING), its parameters (one statement) and its job context
    /// (the last execution's on a restart).
    /// - Returns: the execution and whether its instance is new (then no step of it ever ran).
    func createExecution(jobName: String, jobKey: String, parameters: JobParameters, restartable: Bool)
        async throws -> (execution: JobExecution, isNewInstance: Bool)
    {
        let queries = MetadataQueries(context: repository.context, session: session)
        if let grouped = session as? GroupedSession, !grouped.noteLaunch(jobName: jobName, jobKey: jobKey) {
            throw StoreError(
                .jobExecutionAlreadyRunning,
                "A job execution for this job is already running: another launch of the same instance of \(jobName) "
                    + "is being written right now")
        }
        let instance: JobInstance
        var executionContext = ExecutionContext()
        let isNew: Bool
        if let existing = try await queries.instance(jobName: jobName, jobKey: jobKey, forUpdate: true) {
            let executions = try await queries.executions(
                where: "E.JOB_INSTANCE_ID = ?", [.int(existing.id)], complete: false)
            var lastSteps: [StepExecution] = []
            if let last = executions.first { lastSteps = try await queries.steps(executionID: last.id) }
            try LaunchCheck(
                instance: existing, parameters: parameters, restartable: restartable,
                rules: repository.context.configuration.launchRules
            ).check(executions: executions, lastSteps: lastSteps)
            if let last = executions.first {
                executionContext = try await queries.executionContext(
                    table: names.jobExecutionContext, idColumn: "JOB_EXECUTION_ID", id: last.id)
            }
            instance = existing
            isNew = executions.isEmpty
        } else {
            let id = try await database.nextValue(of: names.jobSequence, in: session)
            try await session.insert(
                .jobInstance, into: names.jobInstance, ["JOB_INSTANCE_ID", "JOB_NAME", "JOB_KEY", "VERSION"],
                [.int(id), .text(jobName), .text(jobKey), .int(0)])
            instance = JobInstance(id: id, version: 0, jobName: jobName, jobKey: jobKey)
            isNew = true
        }
        let id = try await database.nextValue(of: names.jobExecutionSequence, in: session)
        var execution = JobExecution.starting(
            id: id, jobInstance: instance, jobParameters: parameters, executionContext: executionContext,
            now: repository.now())
        try await session.insert(
            .jobExecution, into: names.jobExecution,
            [
                "JOB_EXECUTION_ID", "JOB_INSTANCE_ID", "START_TIME", "END_TIME", "STATUS", "EXIT_CODE", "EXIT_MESSAGE",
                "VERSION", "CREATE_TIME", "LAST_UPDATED",
            ],
            [
                .int(id), .int(instance.id), .optional(execution.startTime), .optional(execution.endTime),
                .text(execution.status.name), .text(execution.exitStatus.exitCode),
                .text(execution.exitStatus.exitDescription), .int(execution.version), .wallClock(execution.createTime),
                .optional(execution.lastUpdated),
            ])
        for (name, parameter) in parameters {
            // One statement for every parameter (and, grouped, for every launch of the group).
            try await session.insert(
                .jobExecutionParams, into: names.jobExecutionParams,
                ["JOB_EXECUTION_ID", "PARAMETER_NAME", "PARAMETER_TYPE", "PARAMETER_VALUE", "IDENTIFYING"],
                [.int(id), .text(name), .text(parameter.databaseType), .text(parameter.databaseValue),
                 .text(parameter.databaseIdentifying)])
        }
        try await queries.insertContext(
            executionContext, table: names.jobExecutionContext, idColumn: "JOB_EXECUTION_ID", id: id)
        execution.executionContext.clearDirtyFlag()
        return (execution, isNew)
    }

    /// Updates a versioned row (`VERSION` is one of `columns`) where it still has `version`: in a grouped
    /// transaction with the group's other updates of its table (``DeferredUpdates``, which checks the match
    /// itself), else at once.
    /// - Returns: `false` when written at once and no row matched (changed or gone: the caller says which).
    private func updateVersioned(
        table: String, idColumn: String, id: Int64, version: Int64, columns: [String], values: [SQLValue]
    ) async throws -> Bool {
        if let grouped = session as? GroupedSession,
            try await grouped.deferUpdate(
                table: table, idColumn: idColumn, columns: columns, id: id, expectedVersion: version, values: values)
        {
            return true
        }
        let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
        let changed = try await session.execute(
            "UPDATE \(table) SET \(assignments) WHERE \(idColumn) = ? AND VERSION = ?", values + [.int(id), .int(version)])
        return changed != 0
    }

    /// Writes the execution's row if its stored VERSION is still `row.version` (optimistic locking).
    /// - Throws: ``StoreError`` `.optimisticLockingFailure`, `.noSuchJobExecution`.
    func updateExecutionRow(_ row: JobExecution) async throws {
        let written = try await updateVersioned(
            table: names.jobExecution, idColumn: "JOB_EXECUTION_ID", id: row.id, version: row.version,
            columns: ["START_TIME", "END_TIME", "STATUS", "EXIT_CODE", "EXIT_MESSAGE", "VERSION", "CREATE_TIME", "LAST_UPDATED"],
            values: [
                .optional(row.startTime), .optional(row.endTime), .text(row.status.name), .text(row.exitStatus.exitCode),
                .text(repository.exitMessage(row.exitStatus)), .int(row.version + 1), .wallClock(row.createTime),
                .optional(row.lastUpdated),
            ])
        guard !written else { return }
        let current = try await session.query(
            "SELECT VERSION FROM \(names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [.int(row.id)])
        guard let stored = current.first else {
            throw StoreError(.noSuchJobExecution, "job execution \(row.id) does not exist; it cannot be updated")
        }
        let version = try stored.intIfPresent("VERSION").map(String.init) ?? "null"
        throw StoreError(
            .optimisticLockingFailure,
            "Attempt to update job execution id=\(row.id) with wrong version (\(row.version)), where current "
                + "version is \(version): another process changed it; reload the execution and try again")
    }

    /// Inserts a step execution row (any status) and its context row.
    func insertStep(_ step: StepExecution) async throws {
        try await session.insert(
            .stepExecution, into: names.stepExecution,
            [
                "STEP_EXECUTION_ID", "VERSION", "STEP_NAME", "JOB_EXECUTION_ID", "START_TIME", "END_TIME", "STATUS",
                "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT", "EXIT_CODE", "EXIT_MESSAGE",
                "READ_SKIP_COUNT", "WRITE_SKIP_COUNT", "PROCESS_SKIP_COUNT", "ROLLBACK_COUNT", "LAST_UPDATED",
                "CREATE_TIME",
            ],
            [
                .int(step.id), .int(step.version), .text(step.stepName), .int(step.jobExecutionId),
                .optional(step.startTime), .optional(step.endTime), .text(step.status.name), .int(step.commitCount),
                .int(step.readCount), .int(step.filterCount), .int(step.writeCount), .text(step.exitStatus.exitCode),
                .text(repository.exitMessage(step.exitStatus)), .int(step.readSkipCount), .int(step.writeSkipCount),
                .int(step.processSkipCount), .int(step.rollbackCount), .optional(step.lastUpdated),
                .wallClock(step.createTime),
            ])
        try await MetadataQueries(context: repository.context, session: session).insertContext(
            step.executionContext, table: names.stepExecutionContext, idColumn: "STEP_EXECUTION_ID", id: step.id)
    }

    /// Writes the step's row if its stored VERSION is still `row.version` (optimistic locking).
    /// - Throws: ``StoreError`` `.optimisticLockingFailure`, `.noSuchStepExecution`.
    func updateStepRow(_ row: StepExecution) async throws {
        let written = try await updateVersioned(
            table: names.stepExecution, idColumn: "STEP_EXECUTION_ID", id: row.id, version: row.version,
            columns: [
                "START_TIME", "END_TIME", "STATUS", "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT",
                "EXIT_CODE", "EXIT_MESSAGE", "VERSION", "READ_SKIP_COUNT", "PROCESS_SKIP_COUNT", "WRITE_SKIP_COUNT",
                "ROLLBACK_COUNT", "LAST_UPDATED",
            ],
            values: [
                .optional(row.startTime), .optional(row.endTime), .text(row.status.name), .int(row.commitCount),
                .int(row.readCount), .int(row.filterCount), .int(row.writeCount), .text(row.exitStatus.exitCode),
                .text(repository.exitMessage(row.exitStatus)), .int(row.version + 1), .int(row.readSkipCount),
                .int(row.processSkipCount), .int(row.writeSkipCount), .int(row.rollbackCount),
                .optional(row.lastUpdated),
            ])
        guard !written else { return }
        let current = try await session.query(
            "SELECT VERSION FROM \(names.stepExecution) WHERE STEP_EXECUTION_ID = ?", [.int(row.id)])
        guard let stored = current.first else {
            throw StoreError(.noSuchStepExecution, "step execution \(row.id) does not exist; it cannot be updated")
        }
        throw StoreError(
            .optimisticLockingFailure,
            "Attempt to update step execution id=\(row.id) with wrong version (\(row.version)), where current "
                + "version is \(try stored.int("VERSION")): another process changed it; reload it and try again")
    }

    /// The job execution's stored VERSION and STATUS.
    /// - Throws: ``StoreError`` `.noSuchJobExecution`.
    func storedStatus(ofExecution id: Int64) async throws -> (version: Int64, status: BatchStatus) {
        let rows = try await session.query(
            "SELECT VERSION, STATUS FROM \(names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [.int(id)])
        guard let row = rows.first else {
            throw StoreError(.noSuchJobExecution, "job execution \(id) does not exist")
        }
        return (try row.intIfPresent("VERSION") ?? 0,
                try MetadataQueries.status(try row.textIfPresent("STATUS"), table: names.jobExecution))
    }
}
