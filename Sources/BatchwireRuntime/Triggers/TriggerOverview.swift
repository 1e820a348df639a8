import BatchwireStore
import Foundation

/// One event trigger as `batchwire triggers` shows it: what it listens to, the parameters it makes, its pause
/// state and its latest outcomes. Built from the registry and the store, so it needs no running daemon.
public struct TriggerOverview: Sendable, Hashable, Codable {
    /// `<job>#trigger-<n>`.
    public let triggerID: String
    /// The job it starts.
    public let jobName: String
    /// `mqtt` or `dataset`.
    public let kind: String
    /// The topic filter, or `<namespace>/<name>` of the dataset.
    public let source: String
    /// The parameters as the job file writes them (`name=template`), sorted by name.
    public let parameters: [String]
    /// The debounce window in seconds, for an MQTT trigger that has one.
    public let debounceSeconds: Int?
    /// The job's overlap policy for triggered runs.
    public let overlap: String
    /// Whether it is paused, and why.
    public let isPaused: Bool
    public let pauseReason: String?
    /// The latest records, newest first.
    public let recent: [Record]

    /// One handled message.
    public struct Record: Sendable, Hashable, Codable {
        public let receivedAt: Date
        public let node: String
        public let source: String
        public let outcome: String?
        public let reason: String?
        public let executionID: Int64?
    }

    /// Every trigger of the registry, by id, with its latest `count` records.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public static func load(registry: JobRegistry, state: BatchwireStateStore, count: Int) async throws(StoreError)
        -> [TriggerOverview]
    {
        let pauses = Dictionary(
            try await state.scheduleStates().map { ($0.scheduleID, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [TriggerOverview] = []
        for entry in registry.entries.sorted(by: { $0.definition.name < $1.definition.name }) {
            let job = entry.definition
            for (index, trigger) in job.triggers.enumerated() {
                let id = TriggerIdentity.id(job: job.name, index: index)
                let records = count == 0 ? [] : try await state.triggerFires(triggerID: id, limit: count)
                var debounce: Int?
                if case .mqtt(let mqtt) = trigger { debounce = mqtt.debounceSeconds }
                let pause = pauses[id]
                result.append(
                    TriggerOverview(
                        triggerID: id, jobName: job.name, kind: trigger.kind, source: trigger.source,
                        parameters: trigger.parameters.map { "\($0.name)=\($0.parts.map(\.placeholder).joined())" },
                        debounceSeconds: debounce, overlap: job.triggerOverlap.rawValue,
                        isPaused: pause?.isPaused ?? false, pauseReason: pause?.isPaused == true ? pause?.reason : nil,
                        recent: records.map {
                            Record(
                                receivedAt: $0.receivedAt, node: $0.nodeID, source: $0.source, outcome: $0.outcome,
                                reason: $0.reason, executionID: $0.jobExecutionID)
                        }))
            }
        }
        return result
    }
}
