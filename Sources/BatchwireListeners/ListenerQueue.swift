import BatchwireCore
import Foundation

/// One listener's bounded queue and the task that drains it, for ``ListenerDispatcher``.
final class ListenerQueue: Sendable {
    let name: String
    private let continuation: AsyncStream<BatchwireEvent>.Continuation
    private let counters: LockedValue<Counters>
    private let task: Task<Void, Never>
    private let onDiagnostic: @Sendable (ListenerDispatcher.Diagnostic) -> Void

    private struct Counters {
        var statistics: ListenerDispatcher.Statistics
        /// Whether the last enqueue was dropped (an overflow episode is going on).
        var overflowing = false
    }

    /// Starts draining.
    ///
    /// - Parameters:
    ///   - named: the listener.
    ///   - capacity: the queue's bound.
    ///   - onDiagnostic: where failures and overflows go.
    ///   - onEnd: called once when the draining task ends.
    init(
        named: NamedListener, capacity: Int, onDiagnostic: @escaping @Sendable (ListenerDispatcher.Diagnostic) -> Void,
        onEnd: @escaping @Sendable () -> Void
    ) {
        name = named.name
        self.onDiagnostic = onDiagnostic
        let counters = LockedValue(Counters(statistics: ListenerDispatcher.Statistics(name: named.name)))
        self.counters = counters
        // bufferingOldest: a full queue refuses the new event, so what the listener does get is a gap-free
        // prefix followed by later events, each stream still in order.
        let (stream, continuation) = AsyncStream.makeStream(
            of: BatchwireEvent.self, bufferingPolicy: .bufferingOldest(capacity))
        self.continuation = continuation
        let listener = named.listener
        let name = named.name
        task = Task {
            for await event in stream {
                do {
                    try await listener.onEvent(event)
                    counters.withLock { $0.statistics.delivered += 1 }
                } catch {
                    counters.withLock { $0.statistics.failed += 1 }
                    onDiagnostic(
                        .listenerFailed(
                            listener: name, eventId: event.eventId, type: event.type, error: String(describing: error)))
                }
            }
            onEnd()
        }
    }

    /// Queues `event` without waiting; counts and reports a drop when the queue is full.
    func enqueue(_ event: BatchwireEvent) {
        switch continuation.yield(event) {
        case .enqueued:
            counters.withLock { $0.overflowing = false }
        case .dropped:
            let report = counters.withLock { counters -> Int? in
                counters.statistics.dropped += 1
                defer { counters.overflowing = true }
                return counters.overflowing ? nil : counters.statistics.dropped
            }
            if let total = report {
                onDiagnostic(.eventsDropped(listener: name, eventId: event.eventId, totalDropped: total))
            }
        case .terminated:
            break
        @unknown default:
            break
        }
    }

    /// The counters so far.
    var statistics: ListenerDispatcher.Statistics {
        counters.withLock { $0.statistics }
    }

    /// Accepts no more events; the task ends after the queued ones.
    func finish() {
        continuation.finish()
    }

    /// Cancels the draining task (the listener sees task cancellation).
    func cancel() {
        task.cancel()
    }
}
