import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import Synchronization

/// Runs job executions: creates each one in the repository with Spring Batch 5's rules, then runs its
/// steps in a task of its own, recording every status change in the repository (with its event in the
/// outbox, in the same transaction) and then handing the event to the ``ListenerDispatcher``.
///
/// While an execution runs, the launcher holds its ownership lease in ``BatchwireStateStore`` and renews
/// it, and reads the execution's status every ``LaunchConfiguration/stopPollInterval``: when another
/// process marked it STOPPING, the running step is stopped (SIGTERM, SIGKILL after the grace period) and
/// the execution ends STOPPED, restartable.
///
/// ```swift
/// let launcher = JobLauncher(store: store, configuration: LaunchConfiguration(nodeID: "node-1", logDirectory: logs),
///                            dispatcher: dispatcher, logger: logger)
/// let execution = try await launcher.run(job, parameters: parameters)   // STARTING; runs on
/// let finished = await launcher.waitForExecution(execution.id)         // COMPLETED, FAILED or STOPPED
/// await launcher.stopAll()                                              // on shutdown
/// ```
public final class JobLauncher: Sendable {
    /// The store executions are recorded in.
    public let store: MetadataStore
    /// The settings.
    public let configuration: LaunchConfiguration
    let dispatcher: ListenerDispatcher?
    let clock: any Clock<Duration>
    let wallClock: @Sendable () -> Date
    let logger: Logger
    let events: ExecutionEvents
    let commandRunner: CommandStepRunner
    private let running = Mutex<Tracked>(Tracked())

    /// Executions running here, and the last ones that ended (for ``waitForExecution(_:)``).
    private struct Tracked {
        var running: [Int64: RunningExecution] = [:]
        var ended: [Int64: RunningExecution] = [:]
    }

    /// A launcher.
    ///
    /// - Parameters:
    ///   - store: the metadata store.
    ///   - configuration: node id, lease, poll interval, step settings.
    ///   - dispatcher: where events go after they are stored; `nil` for none.
    ///   - clock: what polls, lease renewals and step timeouts wait on.
    ///   - wallClock: the current instant, for leases and events.
    ///   - logger: where the launcher logs.
    public init(
        store: MetadataStore, configuration: LaunchConfiguration, dispatcher: ListenerDispatcher? = nil,
        clock: any Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        let topics = (try? MQTTTopics(prefix: configuration.topicPrefix)) ?? (try! MQTTTopics())
        self.events = ExecutionEvents(node: configuration.nodeID, topics: topics, zone: store.configuration.timeZone)
        self.commandRunner = CommandStepRunner(configuration: configuration.commandSteps, clock: clock, logger: logger)
    }

    /// Creates an execution of `job` and starts running it.
    ///
    /// Spring's `JobLauncher.run`: the instance is found by the identifying parameters; an existing one is
    /// restarted if Spring's rules allow it (its last job context is handed over, COMPLETED steps are
    /// skipped unless `allowStartIfComplete`).
    /// - Parameters:
    ///   - job: the job.
    ///   - parameters: every parameter of the run.
    ///   - fireTime: the scheduled instant, for scheduled runs (in the created event).
    /// - Returns: the new execution, STARTING; the run goes on in a task.
    /// - Throws: ``JobOperatorError`` `.jobExecutionAlreadyRunning`, `.jobInstanceAlreadyComplete`,
    ///   `.jobRestart`, `.illegalState`, `.store`.
    public func run(
        _ job: JobDefinition, parameters: JobParameters, fireTime: Date? = nil
    )
        async throws(JobOperatorError) -> JobExecution
    {
        let events = self.events
        // The created and first STARTING events need the new execution's id: the store builds them inside the
        // creating transaction, so the execution never exists without them.
        let (execution, recorded) = try await JobOperatorError.converting {
            try await store.repository.createJobExecution(
                jobName: job.name, parameters: parameters, restartable: job.restartable
            ) { execution, sequence in
                [
                    try events.recorded(
                        events.created(execution, lineage: job.lineage, fireTime: fireTime, sequence: sequence.next())),
                    try events.recorded(events.job(execution, previous: nil, sequence: sequence.next())),
                ]
            }
        }
        let tracked = RunningExecution(id: execution.id, jobName: job.name)
        running.withLock { $0.running[execution.id] = tracked }
        do {
            try await claimLease(execution.id)
        } catch {
            logger.error(
                "could not record the new execution's lease",
                metadata: ["execution": "\(execution.id)", "error": "\(error)"])
        }
        dispatcher?.dispatch(recorded)
        Task.detached { [self] in
            await self.execute(job: job, execution: execution, tracked: tracked)
        }
        return execution
    }

    /// The ids of the executions this launcher runs now.
    public var runningExecutionIDs: [Int64] {
        running.withLock { Array($0.running.keys).sorted() }
    }

    /// Waits until the execution this launcher runs ends.
    /// - Returns: its final state, or `nil` if this launcher does not run it.
    public func waitForExecution(_ id: Int64) async -> JobExecution? {
        guard let tracked = running.withLock({ $0.running[id] ?? $0.ended[id] }) else { return nil }
        return await tracked.waitUntilFinished()
    }

    /// Stops an execution this launcher runs, without waiting for the database poll.
    /// - Returns: whether this launcher runs it.
    @discardableResult
    public func stopLocally(_ id: Int64) -> Bool {
        guard let tracked = running.withLock({ $0.running[id] }) else { return false }
        tracked.requestStop()
        return true
    }

    /// Stops every execution this launcher runs (SIGTERM to their steps, SIGKILL after the grace period)
    /// and waits until each one is recorded STOPPED: call it on shutdown, so the runs can be restarted.
    public func stopAll() async {
        let all = running.withLock { Array($0.running.values) }
        for tracked in all { tracked.requestStop() }
        for tracked in all { _ = await tracked.waitUntilFinished() }
    }

    func forget(_ id: Int64) {
        running.withLock { tracked in
            guard let execution = tracked.running.removeValue(forKey: id) else { return }
            tracked.ended[id] = execution
            if tracked.ended.count > 256, let oldest = tracked.ended.keys.min() {
                tracked.ended.removeValue(forKey: oldest)
            }
        }
    }

    func isRunningHere(_ id: Int64) -> Bool {
        running.withLock { $0.running[id] != nil }
    }

    func claimLease(_ id: Int64) async throws(StoreError) {
        let now = wallClock()
        try await store.state.heartbeat(
            nodeID: configuration.nodeID, hostName: ProcessInfo.processInfo.hostName, at: now)
        _ = try await store.state.claimOwnership(
            jobExecutionID: id, nodeID: configuration.nodeID,
            leaseExpiresAt: now.addingTimeInterval(configuration.leaseDuration.seconds), at: now)
    }
}

extension Duration {
    /// The duration in seconds, with fractions.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
