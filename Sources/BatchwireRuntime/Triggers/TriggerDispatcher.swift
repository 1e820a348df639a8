import BatchwireCore
import BatchwireStore
import Foundation
import Logging
import Synchronization

/// Turns what fires an event trigger (an MQTT message, an upstream completion) into at most one run across
/// all nodes: claims the message in the database by its identity (the primary key of `BW_TRIGGER_FIRE`
/// decides, as for schedule slots), applies pause, parameter typing, debounce and the job's overlap policy,
/// starts the run through the ``JobOperator``, and records and announces every outcome (a
/// ``TriggerFireEvent`` in the outbox, in the transaction that records it).
///
/// ```swift
/// let dispatcher = TriggerDispatcher(jobOperator: jobOperator, configuration: .init(nodeID: "node-a"), logger: logger)
/// let outcome = await dispatcher.handle(.message(message), triggerID: "line-report#trigger-1")
/// ```
public final class TriggerDispatcher: Sendable {
    let jobOperator: JobOperator
    let configuration: TriggerConfiguration
    let logger: Logger
    /// Debounce windows this node waits to close, by `<trigger>@<end>`.
    let windows = Mutex<[String: Task<Void, Never>]>([:])
    /// When this dispatcher was made: claims of this node id older than that belong to a previous process.
    let startedAt: Date
    /// Paused trigger ids, read at most once a second.
    private let pauses = Mutex<(ids: Set<String>, readAt: Date?)>(([], nil))

    /// A dispatcher.
    public init(jobOperator: JobOperator, configuration: TriggerConfiguration, logger: Logger) {
        self.jobOperator = jobOperator
        self.configuration = configuration
        self.logger = logger
        self.startedAt = configuration.now()
    }

    var state: BatchwireStateStore { jobOperator.launcher.store.state }

    /// The trigger `triggerID` names, with its job, from the registry as it is now.
    public func trigger(_ triggerID: String) -> (job: JobDefinition, trigger: TriggerDefinition)? {
        guard let hash = triggerID.lastIndex(of: "#"), triggerID[triggerID.index(after: hash)...].hasPrefix("trigger-"),
            let position = Int(triggerID[triggerID.index(hash, offsetBy: 9)...]),
            let job = jobOperator.registry.job(named: String(triggerID[..<hash])),
            position >= 1, position <= job.triggers.count
        else { return nil }
        return (job, job.triggers[position - 1])
    }

    /// Handles one input of one trigger on this node.
    /// - Returns: what this node recorded, or `nil` when the input was a duplicate (another node or an earlier
    ///   delivery has it), the trigger no longer exists, or the store failed (logged).
    @discardableResult
    public func handle(_ input: TriggerInput, triggerID: String) async -> TriggerFireEvent.Outcome? {
        guard let (job, trigger) = trigger(triggerID) else {
            logger.warning("message for a trigger that no longer exists", metadata: ["trigger": "\(triggerID)"])
            return nil
        }
        let fire = Fire(triggerID: triggerID, job: job, trigger: trigger, input: input, receivedAt: configuration.now())
        do {
            if await isPaused(triggerID) {
                return try await recordClaimed(fire, .paused, reason: "the job's triggers are paused")
            }
            let parameters: JobParameters
            do {
                parameters = try TriggerParameterResolver.parameters(trigger.parameters, input: input, job: job)
            } catch {
                return try await recordClaimed(fire, error.outcome, reason: error.reason)
            }
            if case .mqtt(let mqtt) = trigger, let seconds = mqtt.debounceSeconds {
                return try await debounce(fire, parameters: parameters, seconds: seconds)
            }
            return try await launch(fire, parameters: parameters)
        } catch {
            logger.error(
                "trigger could not be recorded; the message was not run",
                metadata: ["trigger": "\(triggerID)", "error": "\(error)"])
            return nil
        }
    }

    /// One input of one trigger, as it is being handled.
    struct Fire: Sendable {
        let triggerID: String
        let job: JobDefinition
        let trigger: TriggerDefinition
        let input: TriggerInput
        let receivedAt: Date
        /// Overrides the input's key (a debounce window's run).
        var key: String? = nil

        var messageKey: String { key ?? input.key }

        var upstreamExecutionID: Int64? {
            if case .upstream(let completion) = input { return completion.executionID }
            return nil
        }
    }

    // MARK: Launch

    /// Claims the input, applies the overlap policy and starts the run.
    func launch(_ fire: Fire, parameters: JobParameters) async throws(StoreError) -> TriggerFireEvent.Outcome? {
        let overlap = fire.job.triggerOverlap
        if overlap == .skip,
            let running = try await surviving("reading the running executions", { () async throws(StoreError) -> Int64? in
                try await runningExecution(fire.job.name)
            })
        {
            return try await recordClaimed(
                fire, .skipped, reason: "execution \(running) was still running (overlap: skip)", running: running)
        }
        let claim = BatchwireStateStore.TriggerFire(
            triggerID: fire.triggerID, messageKey: fire.messageKey, receivedAt: fire.receivedAt,
            nodeID: configuration.nodeID, source: fire.input.source, parameters: Self.encode(parameters))
        guard try await surviving("claiming the message", { () async throws(StoreError) -> Bool in
            try await state.claimTriggerFire(claim, duplicateWindow: duplicateWindow(fire))
        })
        else { return nil }
        return try await start(fire, parameters: parameters).outcome
    }

    /// How long a record of this input keeps an identical one from running: an upstream execution fires a
    /// dataset trigger once for good, a message only within ``TriggerConfiguration/duplicateWindow``.
    func duplicateWindow(_ fire: Fire) -> TimeInterval {
        fire.upstreamExecutionID == nil ? configuration.duplicateWindow : 100 * 365 * 86_400
    }

    /// Starts the run of a claimed input (waiting first under `overlap: queue`) and records the outcome.
    func start(_ fire: Fire, parameters: JobParameters, reason: String? = nil) async throws(StoreError)
        -> (outcome: TriggerFireEvent.Outcome, execution: Int64?)
    {
        switch fire.job.triggerOverlap {
        case .queue:
            await waitUntilIdle(fire.job.name)
        case .cancelRunning:
            let running = (try? await jobOperator.launcher.store.explorer.findRunningJobExecutionIDs(jobName: fire.job.name)) ?? []
            for id in running { _ = try? await jobOperator.stop(executionId: id) }
            await waitUntilIdle(fire.job.name)
        case .skip, .allow:
            break
        }
        let execution: JobExecution
        do {
            execution = try await surviving("starting the run") { () async throws(JobOperatorError) -> JobExecution in
                try await jobOperator.startTriggered(jobName: fire.job.name, parameters: parameters)
            }
        } catch {
            try await record(fire, .failed, reason: error.message, execution: nil)
            return (.failed, nil)
        }
        try await record(fire, .started, reason: reason ?? "started execution \(execution.id)", execution: execution.id)
        return (.started, execution.id)
    }

    /// The job's running execution, this node's known without a read.
    func runningExecution(_ jobName: String) async throws(StoreError) -> Int64? {
        if let here = jobOperator.launcher.newestExecutionRunningHere(ofJob: jobName) { return here }
        return try await jobOperator.launcher.store.explorer.findRunningJobExecutionIDs(jobName: jobName).first
    }

    private func waitUntilIdle(_ jobName: String) async {
        while !Task.isCancelled {
            guard let running = try? await runningExecution(jobName) else { return }
            if jobOperator.launcher.isRunningHere(running) {
                _ = await jobOperator.launcher.waitForExecution(running)
            } else {
                try? await Task.sleep(for: configuration.overlapPollInterval)
            }
        }
    }

    // MARK: Records

    /// Claims the input with an outcome that starts nothing, with its event, in one transaction.
    func recordClaimed(
        _ fire: Fire, _ outcome: TriggerFireEvent.Outcome, reason: String, running: Int64? = nil,
        parameters: JobParameters? = nil, windowEnd: Date? = nil
    ) async throws(StoreError) -> TriggerFireEvent.Outcome? {
        let event = self.event(fire, outcome, reason: reason, execution: nil, running: running)
        let claim = BatchwireStateStore.TriggerFire(
            triggerID: fire.triggerID, messageKey: fire.messageKey, receivedAt: fire.receivedAt,
            nodeID: configuration.nodeID, source: fire.input.source, parameters: parameters.map(Self.encode),
            windowEnd: windowEnd, outcome: outcome.rawValue, reason: reason)
        let events = [jobOperator.launcher.events.outbox(event)]
        guard
            try await surviving("recording the message", { () async throws(StoreError) -> Bool in
                try await state.claimTriggerFire(claim, events: events, duplicateWindow: duplicateWindow(fire))
            })
        else { return nil }
        announce(fire, event)
        return outcome
    }

    /// Records the outcome of a claimed input, with its event.
    func record(_ fire: Fire, _ outcome: TriggerFireEvent.Outcome, reason: String, execution: Int64?) async throws(StoreError) {
        let event = self.event(fire, outcome, reason: reason, execution: execution, running: nil)
        let events = [jobOperator.launcher.events.outbox(event)]
        try await surviving("recording the outcome") { () async throws(StoreError) in
            try await state.recordTriggerOutcome(
                triggerID: fire.triggerID, messageKey: fire.messageKey, outcome: outcome.rawValue, reason: reason,
                jobExecutionID: execution, events: events)
        }
        announce(fire, event)
    }

    private func announce(_ fire: Fire, _ event: BatchwireEvent) {
        jobOperator.launcher.dispatcher?.dispatch(event)
        guard case .triggerFire(let fired) = event else { return }
        let level: Logger.Level = fired.outcome == .started || fired.outcome == .debounced ? .info : .notice
        logger.log(
            level: level, "trigger \(fired.outcome.rawValue)",
            metadata: [
                "job": "\(fire.job.name)", "trigger": "\(fire.triggerID)", "source": "\(fire.input.source)",
                "reason": "\(fired.reason)",
            ])
    }

    func event(
        _ fire: Fire, _ outcome: TriggerFireEvent.Outcome, reason: String, execution: Int64?, running: Int64?
    ) -> BatchwireEvent {
        let now = configuration.now()
        return .triggerFire(
            TriggerFireEvent(
                sequence: Int64((fire.receivedAt.timeIntervalSince1970 * 1000).rounded(.down)), timestamp: now,
                node: configuration.nodeID, jobName: fire.job.name, trigger: fire.triggerID, kind: fire.trigger.kind,
                source: fire.input.source, messageKey: fire.messageKey, outcome: outcome, reason: reason,
                jobExecutionId: execution, runningExecutionId: running, upstreamExecutionId: fire.upstreamExecutionID))
    }

    // MARK: Pause

    /// Whether the trigger is paused (`batchwire pause <job>` pauses its triggers with its schedules).
    func isPaused(_ triggerID: String) async -> Bool {
        let now = configuration.now()
        let cached = pauses.withLock { cache -> Set<String>? in
            guard let readAt = cache.readAt, now.timeIntervalSince(readAt) < 1 else { return nil }
            return cache.ids
        }
        if let cached { return cached.contains(triggerID) }
        guard let states = try? await state.scheduleStates() else {
            return pauses.withLock { $0.ids.contains(triggerID) }
        }
        let ids = Set(states.filter(\.isPaused).map(\.scheduleID))
        pauses.withLock { $0 = (ids, now) }
        return ids.contains(triggerID)
    }

    /// Forgets the cached pause states (after a pause or resume on this node).
    public func pausesChanged() {
        pauses.withLock { $0.readAt = nil }
    }

    // MARK: Parameters as stored

    /// The parameters as stored with a claim: a JSON array of `[name, Java type, "Y"|"N", value]`, values as
    /// Spring stores them (a value may hold any character, commas included).
    static func encode(_ parameters: JobParameters) -> String {
        let items = parameters.map { name, parameter in
            [name, parameter.kind.javaClassName, parameter.databaseIdentifying, parameter.databaseValue]
        }.sorted { $0[0] < $1[0] }
        let data = (try? JSONEncoder().encode(items)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The parameters ``encode(_:)`` wrote, or `nil` if the text is not such an array.
    static func decode(_ text: String) -> JobParameters? {
        guard let items = try? JSONDecoder().decode([[String]].self, from: Data(text.utf8)) else { return nil }
        var parameters = JobParameters()
        for item in items {
            guard item.count == 4, let kind = JobParameter.Kind(javaClassName: item[1]),
                let value = try? JobParameter.Value(parsing: item[3], as: kind, name: item[0])
            else { return nil }
            parameters[item[0]] = JobParameter(value, identifying: item[2] == "Y")
        }
        return parameters
    }
}
