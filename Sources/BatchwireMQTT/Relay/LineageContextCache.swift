import BatchwireCore
import BatchwireStore
import Foundation
import Logging

/// The OpenLineage context of recent executions, made from their job-created events: taken from the
/// batch when the created event is in it, else loaded from the outbox (the execution's first event).
public struct LineageContextCache: Sendable {
    private let store: BatchwireStateStore
    private var contexts: [Int64: OpenLineageRunContext] = [:]
    /// Past this many executions the cache starts over.
    private let limit = 4096

    /// An empty cache that loads what it lacks from `store`'s outbox.
    public init(store: BatchwireStateStore) {
        self.store = store
    }

    /// The cache, leaving an empty one in its place: for a task that uses it meanwhile and hands it back.
    public mutating func lend() -> LineageContextCache {
        let lent = self
        contexts = [:]
        return lent
    }

    /// Keeps the context of an execution whose created event is at hand.
    public mutating func remember(_ created: JobCreatedEvent) {
        if contexts.count >= limit { contexts.removeAll(keepingCapacity: true) }
        contexts[created.jobExecutionId] = OpenLineageRunContext(created: created)
    }

    /// The execution's context; an empty one when its created event is gone or unreadable.
    public mutating func context(for executionID: Int64, logger: Logger) async -> OpenLineageRunContext {
        if let context = contexts[executionID] { return context }
        var context = OpenLineageRunContext()
        do {
            if let first = try await store.firstEvent(jobExecutionID: executionID),
                case .jobCreated(let created) = try BatchwireEvent(jsonData: Data(first.event.payload.utf8))
            {
                context = OpenLineageRunContext(created: created)
            }
        } catch {
            logger.debug(
                "no job-created event for the lineage context",
                metadata: ["outbox.job_execution_id": "\(executionID)", "error": "\(error)"]
            )
        }
        if contexts.count >= limit { contexts.removeAll(keepingCapacity: true) }
        contexts[executionID] = context
        return context
    }
}
