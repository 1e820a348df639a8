import BatchwireCore
import BatchwireStore
import Foundation

/// Spring Batch 5's `JobOperator` over Batchwire's store, registry and launcher, plus ``abandon(executionId:)``
/// and ``recover()``.
///
/// Every method can be called from any process that shares the database: ``stop(executionId:)`` marks the
/// execution STOPPING and the owning process stops it within its poll interval.
///
/// ```swift
/// let jobOperator = JobOperator(launcher: launcher, registry: registry)
/// let execution = try await jobOperator.start(jobName: "orders-export", parameters: ["day(localdate)=2026-11-22"])
/// let next = try await jobOperator.startNextInstance(jobName: "nightly", fireTime: slot)   // the scheduler
/// try await jobOperator.stop(executionId: execution.id)
/// ```
public final class JobOperator: Sendable {
    /// The launcher that runs what this operator starts.
    public let launcher: JobLauncher
    /// The jobs that can be started.
    public let registry: JobRegistry
    let incrementers: [String: any JobParametersIncrementer]

    /// An operator.
    ///
    /// - Parameters:
    ///   - launcher: runs the executions (its store is the one queried).
    ///   - registry: the known jobs.
    ///   - incrementers: incrementers by job name, replacing the job's `incrementer:` setting.
    public init(
        launcher: JobLauncher, registry: JobRegistry, incrementers: [String: any JobParametersIncrementer] = [:]
    ) {
        self.launcher = launcher
        self.registry = registry
        self.incrementers = incrementers
    }

    var store: MetadataStore { launcher.store }

    // MARK: Queries

    /// The ids of the instance's executions, newest first.
    /// - Throws: ``JobOperatorError`` `.noSuchJobInstance`, `.store`.
    public func getExecutions(instanceId: Int64) async throws(JobOperatorError) -> [Int64] {
        try await JobOperatorError.converting {
            guard let instance = try await store.explorer.getJobInstance(id: instanceId) else {
                throw JobOperatorError(
                    .noSuchJobInstance,
                    "No job instance with id=\(instanceId); list them with batchwire instances <job>")
            }
            // Only the ids are needed: the contexts are not read, so none can hide the executions.
            return try await store.explorer.getJobExecutions(jobInstance: instance, includingContexts: false)
                .map(\.id)
        }
    }

    /// A page of the job's instance ids, newest first.
    /// - Throws: ``JobOperatorError`` `.noSuchJob` when there are none and the job is not registered, `.store`.
    public func getJobInstances(jobName: String, start: Int, count: Int) async throws(JobOperatorError) -> [Int64] {
        let ids = try await JobOperatorError.converting {
            try await store.explorer.getJobInstances(jobName: jobName, start: start, count: count).map(\.id)
        }
        if ids.isEmpty && registry.job(named: jobName) == nil { throw noSuchJob(jobName) }
        return ids
    }

    /// The ids of the job's STARTING, STARTED and STOPPING executions, newest first.
    /// - Throws: ``JobOperatorError`` `.noSuchJob` when there are none and the job is not registered, `.store`.
    public func getRunningExecutions(jobName: String) async throws(JobOperatorError) -> [Int64] {
        let ids = try await JobOperatorError.converting {
            try await store.explorer.findRunningJobExecutions(jobName: jobName).map(\.id)
        }
        if ids.isEmpty && registry.job(named: jobName) == nil { throw noSuchJob(jobName) }
        return ids
    }

    /// Every parameter of the execution.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.store`.
    public func getParameters(executionId: Int64) async throws(JobOperatorError) -> JobParameters {
        try await execution(executionId).jobParameters
    }

    /// The execution, complete with its steps.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.store`.
    public func getExecution(executionId: Int64) async throws(JobOperatorError) -> JobExecution {
        try await execution(executionId)
    }

    /// Spring's `JobExecution.toString()` of the execution.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.store`.
    public func getSummary(executionId: Int64) async throws(JobOperatorError) -> String {
        try await execution(executionId).springSummary
    }

    /// Spring's `StepExecution.toString()` of each step execution, by step execution id ascending.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.store`.
    public func getStepExecutionSummaries(executionId: Int64) async throws(JobOperatorError)
        -> [(id: Int64, summary: String)]
    {
        try await execution(executionId).stepExecutions.sorted { $0.id < $1.id }.map { ($0.id, $0.springSummary) }
    }

    /// The registered job names, sorted (Spring's registry names, not the database's).
    public func getJobNames() -> [String] {
        registry.jobNames.sorted()
    }

    // MARK: Launching

    /// Starts a new instance of the job with parameters in Spring's notation (`name=value,type,identifying`
    /// or `name(type,identifying)=value`), over the job file's declared parameters.
    /// - Returns: the new execution (STARTING; it runs on in the launcher).
    /// - Throws: ``JobOperatorError`` `.noSuchJob`, `.jobParametersInvalid`, `.jobInstanceAlreadyExists` (an
    ///   instance exists for these identifying parameters, whatever its status: use ``restart(executionId:)``),
    ///   `.store`; and, on a race with another launch, `.jobExecutionAlreadyRunning` or
    ///   `.jobInstanceAlreadyComplete` (Spring wraps these as `UnexpectedJobExecutionException`).
    @discardableResult
    public func start(jobName: String, parameters: [String]) async throws(JobOperatorError) -> JobExecution {
        let parsed = try await JobOperatorError.converting { try JobParameters.parse(commandLine: parameters) }
        return try await start(jobName: jobName, parameters: parsed)
    }

    /// Starts a new instance of the job; see ``start(jobName:parameters:)-([String])``.
    @discardableResult
    public func start(jobName: String, parameters: JobParameters) async throws(JobOperatorError) -> JobExecution {
        let job = try job(named: jobName)
        let all = try await JobOperatorError.converting { try job.withDefaults(parameters) }
        let exists = try await JobOperatorError.converting {
            try await store.repository.isJobInstanceExists(jobName: jobName, parameters: all)
        }
        if exists {
            throw JobOperatorError(
                .jobInstanceAlreadyExists,
                "Cannot start a job instance that already exists with name=\(jobName) and the same identifying "
                    + "parameters; restart its last execution (batchwire restart <execution>) or change a parameter")
        }
        return try await launcher.run(job, parameters: all)
    }

    /// Runs the execution's instance again with all of the execution's parameters (Spring 5's `restart`):
    /// the launch rules decide whether that is allowed.
    /// - Returns: the new execution.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.noSuchJob`, `.jobRestart` (not restartable),
    ///   `.jobInstanceAlreadyComplete`, `.jobExecutionAlreadyRunning`, `.store`.
    @discardableResult
    public func restart(executionId: Int64) async throws(JobOperatorError) -> JobExecution {
        let previous = try await execution(executionId)
        let job = try job(named: previous.jobName)
        return try await launcher.run(job, parameters: previous.jobParameters)
    }

    /// Starts the job's next instance with its incrementer (Spring's `startNextInstance`): the incrementer
    /// gets every parameter of the last execution of the newest instance (empty for a first run), and the job
    /// file's declared parameters fill in what it leaves out.
    ///
    /// The scheduler passes the slot's instant as `fireTime`; it becomes the parameter `fireTime` (a date,
    /// non-identifying unless the incrementer is `fire-time`), so steps see it as `BATCH_PARAM_fireTime`.
    /// With the `fire-time` incrementer two nodes
    /// firing one slot meet on one instance, and the loser gets `.jobExecutionAlreadyRunning` or
    /// `.jobInstanceAlreadyComplete`.
    /// - Parameters:
    ///   - jobName: the job.
    ///   - fireTime: the scheduled instant; `nil` for a run started by hand.
    ///   - slot: the claimed schedule slot this run is for: its outcome is written with the new execution.
    /// - Returns: the new execution.
    /// - Throws: ``JobOperatorError`` `.noSuchJob`, `.jobParametersNotFound` (incrementer `none`),
    ///   `.jobExecutionAlreadyRunning`, `.jobInstanceAlreadyComplete`, `.jobRestart`, `.store`.
    @discardableResult
    public func startNextInstance(jobName: String, fireTime: Date? = nil, slot: FiredSlotKey? = nil)
        async throws(JobOperatorError) -> JobExecution
    {
        let job = try job(named: jobName)
        let parameters = try await nextParameters(of: job, fireTime: fireTime)
        do {
            return try await launcher.run(job, parameters: parameters, fireTime: fireTime, slot: slot)
        } catch let error where fireTime != nil && Self.isSlotTaken(error) {
            throw Self.slotTaken(error, jobName: jobName, fireTime: fireTime)
        }
    }

    /// Claims a schedule's slot and starts the job's next instance for it in one transaction (what the
    /// scheduler does for an on-time fire): parameters as ``startNextInstance(jobName:fireTime:slot:)`` makes
    /// them.
    /// - Returns: the new execution, or why none was created (another node holds the slot; the job was
    ///   running and the slot was recorded as `claim` says).
    func startNextInstance(
        jobName: String, claiming claim: SlotClaim<RecordedEvent>
    ) async throws(JobOperatorError) -> SlotLaunch<RecordedEvent> {
        let job = try job(named: jobName)
        let fireTime = claim.slot.fireTime
        let parameters = try await nextParameters(of: job, fireTime: fireTime)
        do {
            return try await launcher.run(job, parameters: parameters, fireTime: fireTime, claiming: claim)
        } catch let error where Self.isSlotTaken(error) {
            throw Self.slotTaken(error, jobName: jobName, fireTime: fireTime)
        }
    }

    /// The parameters of the job's next instance: its incrementer's, from the last instance's.
    func nextParameters(of job: JobDefinition, fireTime: Date?) async throws(JobOperatorError) -> JobParameters {
        let jobName = job.name
        guard let incrementer = incrementers[jobName] ?? job.defaultIncrementer else {
            throw JobOperatorError(
                .jobParametersNotFound,
                "No job parameters incrementer found for job=\(jobName); set `incrementer:` in its job file "
                    + "(run-id, sequence or fire-time) or start it with explicit parameters")
        }
        let store = self.store
        let now = launcher.wallClock()
        return try await JobOperatorError.converting {
            let previous = try await store.explorer.getLastJobParameters(jobName: jobName)
            let context = IncrementerContext(jobName: jobName, fireTime: fireTime, store: store, now: now)
            var next = try await incrementer.next(after: previous, context: context)
            // The slot reaches the steps (BATCH_PARAM_fireTime) whatever the incrementer; non-identifying
            // unless the incrementer made it identifying (fire-time), so it never changes the instance. An
            // incrementer that carries the previous run's parameters over (run-id) carries its fireTime too:
            // every run gets its own slot instead, and a run started by hand none.
            if next["fireTime"]?.isIdentifying != true {
                next["fireTime"] = nil
                if let fireTime {
                    let millis = (fireTime.timeIntervalSince1970 * 1000).rounded()
                    next = next.adding("fireTime", .date(Date(timeIntervalSince1970: millis / 1000)), identifying: false)
                }
            }
            return try job.withDefaults(next)
        }
    }

    private static func slotTaken(_ error: JobOperatorError, jobName: String, fireTime: Date?) -> JobOperatorError {
        let slot = fireTime.map { $0.formatted(.iso8601) } ?? ""
        return JobOperatorError(
            error.code,
            "the \(slot) run of job '\(jobName)' was already started, by this node or another one; "
                + "nothing to do (\(error.message))", underlying: error)
    }

    static func isSlotTaken(_ error: JobOperatorError) -> Bool {
        error.code == .jobExecutionAlreadyRunning || error.code == .jobInstanceAlreadyComplete
    }

    /// Runs ``recover()`` every `interval` until the task is cancelled: what each `batchwire serve` node
    /// does, so that executions of a dead node are marked FAILED within a lease and a poll.
    /// - Parameter interval: the pause between runs (a third of the lease is a good value).
    public func runRecovery(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                let recovered = try await recover()
                for execution in recovered {
                    launcher.logger.warning(
                        "recovered an execution of a dead node",
                        metadata: ["execution": "\(execution.id)", "job": "\(execution.jobName)"])
                }
            } catch {
                launcher.logger.warning("recovery failed; trying again later", metadata: ["error": "\(error)"])
            }
            do {
                try await launcher.clock.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    // MARK: Helpers

    func execution(_ id: Int64) async throws(JobOperatorError) -> JobExecution {
        let found = try await JobOperatorError.converting { try await store.explorer.getJobExecution(id: id) }
        guard let found else {
            throw JobOperatorError(
                .noSuchJobExecution, "No job execution with id=\(id); list them with batchwire executions <job>")
        }
        return found
    }

    func job(named name: String) throws(JobOperatorError) -> JobDefinition {
        guard let job = registry.job(named: name) else { throw noSuchJob(name) }
        return job
    }

    func noSuchJob(_ name: String) -> JobOperatorError {
        let close = JobNameSuggestions.closest(to: name, among: registry.jobNames)
        let hint =
            close.isEmpty
            ? "batchwire jobs lists the registered jobs" : "did you mean \(close.joined(separator: ", "))?"
        return JobOperatorError(.noSuchJob, "No job configuration with the name [\(name)] was registered; \(hint)")
    }
}
