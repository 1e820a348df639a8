import BatchwireCore
import BatchwireListeners
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import Synchronization

/// Runs job executions: creates each one in the repository with Spring Batch 5's rules, then runs its
/// steps in a task of its own, recording every status change in the repository (with its event in the
/// outbox, in the same transaction) and then handing the event to the ``ListenerDispatcher``.
///
/// A run is written as a few transitions, each one transaction that carries everything belonging to it
/// (see ``JobRepository``'s `launch`, `startStep`, `finishStep`): the execution is created together with
/// this node's ownership lease, so recovery finds every execution of a node killed at any instant. The
/// transitions of many runs share commits (the store's group commit). A transition the database cannot take
/// (an outage) is kept and retried, in order, until the database answers: a run that succeeded is never
/// recorded FAILED because the database was away.
///
/// While executions run, one ``ExecutionMonitor`` per launcher renews all of this node's leases with one
/// statement and looks for stop requests of all of them with one query every
/// ``LaunchConfiguration/stopPollInterval``: when another process marked one STOPPING, its running step is
/// stopped (SIGTERM, SIGKILL after the grace period) and the execution ends STOPPED, restartable.
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
    let httpRunner: HTTPStepRunner
    let mqttRunner: MQTTStepRunner
    /// Where the answers to `mqtt` steps' requests arrive; `nil` on a node without a broker.
    public let replyRouter: MQTTReplyRouter?
    private let running = Mutex<Tracked>(Tracked())
    /// When a store call of this launcher last failed (recovery waits a lease after an outage).
    let lastStoreFailure = Mutex<Date?>(nil)

    /// Executions running here, and the last ones that ended (for ``waitForExecution(_:)``).
    private struct Tracked {
        var running: [Int64: RunningExecution] = [:]
        /// The ids in `running`, by job.
        var runningByJob: [String: Set<Int64>] = [:]
        var ended: [Int64: RunningExecution] = [:]
        var isMonitoring = false
        /// Set by ``stopAll()``: transitions stop retrying a missing database after the grace period.
        var stopDeadline: ContinuousClock.Instant?
    }

    /// A launcher.
    ///
    /// - Parameters:
    ///   - store: the metadata store.
    ///   - configuration: node id, lease, poll interval, step settings.
    ///   - dispatcher: where events go after they are stored; `nil` for none.
    ///   - clock: what polls, lease renewals and step timeouts wait on.
    ///   - wallClock: the current instant, for leases and events.
    ///   - mqttClient: the node's broker connection, which `mqtt` steps publish through; `nil` on a node without
    ///     a broker (its `mqtt` steps then fail with a message saying so).
    ///   - logger: where the launcher logs.
    public init(
        store: MetadataStore, configuration: LaunchConfiguration, dispatcher: ListenerDispatcher? = nil,
        clock: any Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() },
        mqttClient: MQTTClient? = nil, logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.events = ExecutionEvents(
            node: configuration.nodeID, topicPrefix: configuration.topicPrefix, zone: store.configuration.timeZone)
        self.commandRunner = CommandStepRunner(configuration: configuration.commandSteps, clock: clock, logger: logger)
        self.httpRunner = HTTPStepRunner(
            configuration: configuration.httpSteps, retryBackoff: configuration.commandSteps.retryBackoff, clock: clock,
            logger: logger)
        let router = mqttClient.map {
            MQTTReplyRouter(client: $0, topicPrefix: configuration.topicPrefix, nodeID: configuration.nodeID, logger: logger)
        }
        self.replyRouter = router
        self.mqttRunner = MQTTStepRunner(
            router: router, retryBackoff: configuration.commandSteps.retryBackoff, clock: clock, logger: logger)
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
        _ job: JobDefinition, parameters: JobParameters, fireTime: Date? = nil, slot: FiredSlotKey? = nil
    )
        async throws(JobOperatorError) -> JobExecution
    {
        let events = self.events
        let lineage = job.lineage
        // The created and first STARTING events need the new execution's id: the store builds them inside the
        // creating transaction, which also writes this node's lease and the slot's outcome.
        let launched = try await JobOperatorError.converting {
            try await store.repository.launch(
                jobName: job.name, parameters: parameters, restartable: job.restartable, lease: newLease(), slot: slot,
                events: Self.launchEvents(events, lineage: lineage, fireTime: fireTime))
        }
        return begin(job, launched)
    }

    /// Claims a schedule's slot and creates its run in one transaction (see
    /// ``JobRepository/launch(claiming:jobName:parameters:restartable:lease:events:)``), then starts running it.
    /// - Returns: the new execution, or why none was created (the slot's skip is already recorded).
    /// - Throws: as ``run(_:parameters:fireTime:slot:)``; nothing was written then.
    func run(
        _ job: JobDefinition, parameters: JobParameters, fireTime: Date, claiming claim: SlotClaim<RecordedEvent>
    ) async throws(JobOperatorError) -> SlotLaunch<RecordedEvent> {
        let events = self.events
        let outcome = try await JobOperatorError.converting {
            try await store.repository.launch(
                claiming: claim, jobName: job.name, parameters: parameters, restartable: job.restartable,
                lease: newLease(), events: Self.launchEvents(events, lineage: job.lineage, fireTime: fireTime))
        }
        if case .launched(let launched) = outcome { _ = begin(job, launched) }
        return outcome
    }

    private func newLease() -> ExecutionLease {
        ExecutionLease(
            nodeID: configuration.nodeID, expiresAt: wallClock().addingTimeInterval(configuration.leaseDuration.seconds))
    }

    /// The created event and the first STARTING event of a new execution.
    private static func launchEvents(
        _ events: ExecutionEvents, lineage: EventLineage, fireTime: Date?
    ) -> @Sendable (JobExecution, inout OutboxSequence) throws -> [RecordedEvent] {
        { execution, sequence in
            [
                try events.recorded(events.created(execution, lineage: lineage, fireTime: fireTime, sequence: sequence.next())),
                try events.recorded(events.job(execution, previous: nil, sequence: sequence.next())),
            ]
        }
    }

    /// Tracks a committed launch, tells the listeners and runs it in a task.
    private func begin(_ job: JobDefinition, _ launched: LaunchedExecution<RecordedEvent>) -> JobExecution {
        let execution = launched.execution
        let tracked = RunningExecution(id: execution.id, jobName: job.name)
        let startMonitor = running.withLock { state -> Bool in
            state.running[execution.id] = tracked
            state.runningByJob[job.name, default: []].insert(execution.id)
            guard !state.isMonitoring else { return false }
            state.isMonitoring = true
            return true
        }
        if startMonitor {
            let monitor = ExecutionMonitor(launcher: self)
            Task.detached { await monitor.run() }
        }
        dispatcher?.dispatch(launched.events)
        let isNewInstance = launched.isNewInstance
        Task.detached { [self] in
            await self.execute(job: job, execution: execution, isNewInstance: isNewInstance, tracked: tracked)
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
        let all = running.withLock { state in
            state.stopDeadline = ContinuousClock.now.advanced(by: configuration.commandSteps.terminationGracePeriod + .seconds(2))
            return Array(state.running.values)
        }
        for tracked in all { tracked.requestStop() }
        for tracked in all { _ = await tracked.waitUntilFinished() }
    }

    func forget(_ id: Int64) {
        running.withLock { tracked in
            guard let execution = tracked.running.removeValue(forKey: id) else { return }
            tracked.runningByJob[execution.jobName]?.remove(id)
            if tracked.runningByJob[execution.jobName]?.isEmpty == true { tracked.runningByJob[execution.jobName] = nil }
            tracked.ended[id] = execution
            if tracked.ended.count > 256, let oldest = tracked.ended.keys.min() {
                tracked.ended.removeValue(forKey: oldest)
            }
        }
    }

    /// The newest execution of `jobName` this launcher runs now, if any (no database read).
    func newestExecutionRunningHere(ofJob jobName: String) -> Int64? {
        running.withLock { $0.runningByJob[jobName]?.max() }
    }

    func isRunningHere(_ id: Int64) -> Bool {
        running.withLock { $0.running[id] != nil }
    }

    /// The executions running here, for the monitor; `nil` (and the monitor ends) when none runs.
    func monitoredExecutions() -> [RunningExecution]? {
        running.withLock { state in
            guard !state.running.isEmpty else {
                state.isMonitoring = false
                return nil
            }
            return Array(state.running.values)
        }
    }

    /// Whether transitions should stop retrying an unreachable database (the node stops and its grace ran out).
    var isPastStopDeadline: Bool {
        running.withLock { state in state.stopDeadline.map { ContinuousClock.now >= $0 } ?? false }
    }

    /// Notes a failed store call (the recovery of other nodes' executions waits a lease after one).
    func noteStoreFailure() {
        let now = wallClock()
        lastStoreFailure.withLock { $0 = now }
    }

    /// Whether a store call of this node failed within the last lease: then other nodes could not renew their
    /// leases either, and an expired lease says nothing about whether its node is alive.
    var storeFailedWithinLease: Bool {
        guard let last = lastStoreFailure.withLock({ $0 }) else { return false }
        return wallClock().timeIntervalSince(last) < configuration.leaseDuration.seconds
    }
}
