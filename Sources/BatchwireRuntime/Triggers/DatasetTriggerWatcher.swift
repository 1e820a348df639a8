import BatchwireCore
import BatchwireStore
import Foundation

/// Fires dataset triggers from the committed job-status events in the outbox: every COMPLETED run of a job
/// whose lineage outputs list a trigger's dataset fires that trigger once (claimed by `execution:<id>`), so a
/// completion during a broker outage is not missed and a chain A → B → C runs in order.
///
/// It reads the outbox after the last event it saw (one indexed query per pass) and, now and then, again
/// from a little earlier: an event committed after one with a larger id is not lost.
public struct DatasetTriggerWatcher: Sendable {
    let dispatcher: TriggerDispatcher
    /// How far back a node that starts looks for completions it may have missed.
    let lookback: TimeInterval
    let interval: Duration

    /// A watcher.
    /// - Parameters:
    ///   - dispatcher: what handles each completion.
    ///   - lookback: how far back to look at start (completions while every node was down).
    ///   - interval: the pause between passes.
    public init(dispatcher: TriggerDispatcher, lookback: TimeInterval = 3600, interval: Duration = .seconds(1)) {
        self.dispatcher = dispatcher
        self.lookback = lookback
        self.interval = interval
    }

    /// The dataset triggers of the registry now: by upstream job name, the downstream trigger ids.
    func triggersByUpstream() -> [String: [String]] {
        let registry = dispatcher.jobOperator.registry
        let jobs = registry.entries.map(\.definition)
        var writers: [DatasetDefinition: [String]] = [:]
        for job in jobs {
            for output in job.outputs { writers[output, default: []].append(job.name) }
        }
        var result: [String: [String]] = [:]
        for job in jobs {
            for (index, trigger) in job.triggers.enumerated() {
                guard case .dataset(let dataset) = trigger else { continue }
                for upstream in writers[dataset.dataset] ?? [] {
                    result[upstream, default: []].append(TriggerIdentity.id(job: job.name, index: index))
                }
            }
        }
        return result
    }

    /// Watches until the task is cancelled.
    public func run() async {
        let state = dispatcher.state
        var cursor: Int64?
        var handled: [String: Date] = [:]
        var pass = 0
        let registry = dispatcher.jobOperator.registry
        var generation = registry.generation
        var triggers = triggersByUpstream()
        while !Task.isCancelled {
            // Made again only when the job files changed: a pass every second must not walk every job.
            if registry.generation != generation {
                generation = registry.generation
                triggers = triggersByUpstream()
            }
            if !triggers.isEmpty {
                do {
                    let now = dispatcher.configuration.now()
                    if cursor == nil || pass % 30 == 0 {
                        // From a little earlier now and then: an event committed late with a smaller id.
                        let rescan = try await state.outboxCursor(since: now.addingTimeInterval(cursor == nil ? -lookback : -60))
                        cursor = min(cursor ?? rescan, rescan)
                    }
                    cursor = try await self.pass(after: cursor ?? 0, triggers: triggers, handled: &handled)
                    handled = handled.filter { now.timeIntervalSince($0.value) < 600 }
                } catch {
                    // Cancelled at shutdown: nothing failed, and the next start reads again.
                    if Task.isCancelled { return }
                    dispatcher.logger.warning("could not read the outbox for dataset triggers", metadata: ["error": "\(error)"])
                }
            }
            pass += 1
            try? await Task.sleep(for: interval)
        }
    }

    /// Reads the completions after `cursor` and fires their triggers.
    /// - Returns: the new cursor.
    func pass(after start: Int64, triggers: [String: [String]], handled: inout [String: Date]) async throws(StoreError) -> Int64 {
        let topics = dispatcher.jobOperator.launcher.events.topics
        let upstreamByTopic = Dictionary(triggers.keys.map { (topics.events(job: $0), $0) }, uniquingKeysWith: { a, _ in a })
        var cursor = start
        while true {
            let events = try await dispatcher.state.outboxEvents(after: cursor, topics: Array(upstreamByTopic.keys), limit: 500)
            for stored in events {
                cursor = max(cursor, stored.id)
                // Routed by the outbox's routing columns and JOB_EXECUTION_ID, without parsing the payload.
                guard let upstream = upstreamByTopic[stored.topic], let routing = stored.routing,
                    routing.eventType == .jobStatusChanged, routing.status == .completed,
                    let executionID = stored.jobExecutionID
                else { continue }
                let parameters = (try? await dispatcher.jobOperator.getParameters(executionId: executionID)) ?? JobParameters()
                let completion = UpstreamCompletion(jobName: upstream, executionID: executionID, parameters: parameters)
                for triggerID in triggers[upstream] ?? [] {
                    let key = "\(triggerID)@\(executionID)"
                    guard handled[key] == nil else { continue }
                    handled[key] = dispatcher.configuration.now()
                    await dispatcher.handle(.upstream(completion), triggerID: triggerID)
                }
            }
            if events.count < 500 { return cursor }
        }
    }
}
