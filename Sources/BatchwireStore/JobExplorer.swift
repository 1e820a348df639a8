import BatchwireCore

/// Reads what Spring Batch or Batchwire wrote, like Spring Batch 5's `SimpleJobExplorer`.
///
/// Executions come back complete: instance, every parameter, the job context and the step executions
/// (ordered by id) with their contexts. Lists are ordered newest first, by id.
public final class JobExplorer: Sendable {
    let context: StoreContext

    init(context: StoreContext) {
        self.context = context
    }

    private var names: TableNames { context.names }

    func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (MetadataQueries) async throws -> T
    ) async throws(StoreError) -> T {
        try await context.database.transaction(operation, .read) { session in
            try await body(MetadataQueries(context: self.context, session: session))
        }
    }

    /// The job names that have instances, sorted (`SELECT DISTINCT JOB_NAME … ORDER BY JOB_NAME`).
    /// - Throws: ``StoreError`` `.database`.
    public func getJobNames() async throws(StoreError) -> [String] {
        let table = names.jobInstance
        return try await read("getJobNames") { queries in
            try await queries.session.query("SELECT DISTINCT JOB_NAME FROM \(table) ORDER BY JOB_NAME", [])
                .map { try $0.text("JOB_NAME") }
        }
    }

    /// A page of the job's instances, newest (highest id) first.
    /// - Parameters:
    ///   - jobName: the job.
    ///   - start: how many of the newest instances to skip.
    ///   - count: the most instances to return.
    /// - Throws: ``StoreError`` `.invalidArgument` for a negative start or count, `.database`.
    public func getJobInstances(jobName: String, start: Int, count: Int) async throws(StoreError) -> [JobInstance] {
        guard start >= 0, count >= 0 else {
            throw StoreError(.invalidArgument, "start and count must not be negative")
        }
        let table = names.jobInstance
        return try await read("getJobInstances") { queries in
            try await queries.session.query(
                "SELECT \(MetadataQueries.instanceColumns) FROM \(table) I WHERE I.JOB_NAME = ? "
                    + "ORDER BY I.JOB_INSTANCE_ID DESC LIMIT ? OFFSET ?",
                [.text(jobName), .int(Int64(count)), .int(Int64(start))]
            ).map { try queries.instance(from: $0) }
        }
    }

    /// The job's newest instance (highest id), whatever its status; `nil` if it has none.
    /// - Throws: ``StoreError`` `.database`.
    public func getLastJobInstance(jobName: String) async throws(StoreError) -> JobInstance? {
        try await getJobInstances(jobName: jobName, start: 0, count: 1).first
    }

    /// Every parameter of the last execution of the job's last instance (both by highest id, as Spring's
    /// `getLastJobInstance` and `getLastJobExecution` choose them), read with one query (shared with the other
    /// jobs asked for at the same moment: ``LastParametersReads``); empty when the job never ran. What
    /// `startNextInstance` hands the incrementer, without loading contexts and steps.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getLastJobParameters(jobName: String) async throws(StoreError) -> JobParameters {
        try await context.lastParameters.parameters(of: jobName, in: context)
    }

    /// The ids of the job's STARTING, STARTED and STOPPING executions, newest first, read with one query
    /// (what the overlap policy asks before a fire).
    /// - Throws: ``StoreError`` `.database`.
    public func findRunningJobExecutionIDs(jobName: String) async throws(StoreError) -> [Int64] {
        let names = self.names
        return try await context.database.transaction("findRunningJobExecutionIDs", .singleRead) { session in
            try await session.query(
                "SELECT E.JOB_EXECUTION_ID FROM \(names.jobExecution) E JOIN \(names.jobInstance) I "
                    + "ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ? "
                    + "AND E.STATUS IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY E.JOB_EXECUTION_ID DESC",
                [.text(jobName)]
            ).map { row in try row.int("JOB_EXECUTION_ID") }
        }
    }

    /// The instance with `id`, or `nil`.
    /// - Throws: ``StoreError`` `.database`.
    public func getJobInstance(id: Int64) async throws(StoreError) -> JobInstance? {
        try await read("getJobInstance") { queries in try await queries.instance(id: id) }
    }

    /// The instance for `jobName` and the identifying `parameters`, or `nil`.
    /// - Throws: ``StoreError`` `.database`.
    public func getJobInstance(jobName: String, parameters: JobParameters) async throws(StoreError) -> JobInstance? {
        let key = context.configuration.jobKeyGenerator.key(for: parameters)
        return try await read("getJobInstance") { queries in try await queries.instance(jobName: jobName, jobKey: key) }
    }

    /// How many instances the job has.
    /// - Throws: ``StoreError`` `.noSuchJob` when it has none (as Spring's `NoSuchJobException`), `.database`.
    public func getJobInstanceCount(jobName: String) async throws(StoreError) -> Int {
        let table = names.jobInstance
        let count = try await read("getJobInstanceCount") { queries in
            try await queries.session.query("SELECT COUNT(*) AS N FROM \(table) WHERE JOB_NAME = ?", [.text(jobName)])
                .first?.int("N") ?? 0
        }
        guard count > 0 else {
            throw StoreError(.noSuchJob, "No job instances were found for job name \(jobName)")
        }
        return Int(count)
    }

    /// The execution with `id`, complete with parameters, context and step executions; `nil` if none.
    /// - Parameters:
    ///   - id: the execution.
    ///   - includingContexts: whether to read the job and step contexts (default); `false` leaves them
    ///     empty, so that a context Batchwire cannot read does not hide the execution.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getJobExecution(id: Int64, includingContexts: Bool = true) async throws(StoreError) -> JobExecution? {
        try await read("getJobExecution") { queries in
            try await queries.execution(id: id, contexts: includingContexts)
        }
    }

    /// One step execution of a job execution, with its context; `nil` if either does not exist.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getStepExecution(jobExecutionID: Int64, stepExecutionID: Int64) async throws(StoreError) -> StepExecution? {
        let table = names.stepExecution
        return try await read("getStepExecution") { queries in
            let rows = try await queries.session.query(
                "SELECT \(MetadataQueries.stepColumns) FROM \(table) S WHERE S.JOB_EXECUTION_ID = ? AND S.STEP_EXECUTION_ID = ?",
                [.int(jobExecutionID), .int(stepExecutionID)])
            guard let row = rows.first else { return nil }
            return try await queries.withContext(try queries.stepRow(row))
        }
    }

    /// Every execution of `instance`, newest first.
    /// - Parameters:
    ///   - jobInstance: the instance.
    ///   - includingContexts: whether to read the job and step contexts (default); listings pass `false`
    ///     so that they never depend on decoding a context.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getJobExecutions(jobInstance: JobInstance, includingContexts: Bool = true) async throws(StoreError)
        -> [JobExecution]
    {
        let id = jobInstance.id
        return try await read("getJobExecutions") { queries in
            try await queries.executions(where: "E.JOB_INSTANCE_ID = ?", [.int(id)], contexts: includingContexts)
        }
    }

    /// The newest execution of `instance`, or `nil`.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func getLastJobExecution(jobInstance: JobInstance) async throws(StoreError) -> JobExecution? {
        let id = jobInstance.id
        return try await read("getLastJobExecution") { queries in
            try await queries.executions(where: "E.JOB_INSTANCE_ID = ?", [.int(id)], suffix: " LIMIT 1").first
        }
    }

    /// The job's executions whose status is STARTING, STARTED or STOPPING, newest first.
    /// - Throws: ``StoreError`` `.corruptData`, `.database`.
    public func findRunningJobExecutions(jobName: String) async throws(StoreError) -> [JobExecution] {
        try await read("findRunningJobExecutions") { queries in
            try await queries.executions(
                where: "I.JOB_NAME = ? AND E.STATUS IN ('STARTING', 'STARTED', 'STOPPING')", [.text(jobName)])
        }
    }

    /// A page of the job's executions across all its instances, newest first (for listings).
    /// - Parameters:
    ///   - jobName: the job.
    ///   - start: how many of the newest executions to skip.
    ///   - count: the most executions to return.
    ///   - includingContexts: whether to read the job and step contexts (default); listings pass `false`
    ///     so that they never depend on decoding a context.
    /// - Throws: ``StoreError`` `.invalidArgument`, `.corruptData`, `.database`.
    public func getJobExecutions(jobName: String, start: Int, count: Int, includingContexts: Bool = true)
        async throws(StoreError) -> [JobExecution]
    {
        guard start >= 0, count >= 0 else {
            throw StoreError(.invalidArgument, "start and count must not be negative")
        }
        return try await read("getJobExecutions") { queries in
            try await queries.executions(
                where: "I.JOB_NAME = ?", [.text(jobName)], suffix: " LIMIT \(count) OFFSET \(start)",
                contexts: includingContexts)
        }
    }

    /// How many executions the job has across all its instances.
    /// - Throws: ``StoreError`` `.database`.
    public func getJobExecutionCount(jobName: String) async throws(StoreError) -> Int {
        try await read("getJobExecutionCount") { queries in
            Int(try await queries.session.query(
                "SELECT COUNT(*) AS N \(queries.executionFrom) WHERE I.JOB_NAME = ?", [.text(jobName)]
            ).first?.int("N") ?? 0)
        }
    }
}
