import BatchwireCore
import Synchronization

/// Fans the node's events out to every open event stream (`GET /api/v1/events`): a
/// ``JobStatusChangedListener`` the daemon adds to its ``ListenerDispatcher``, so events come from the
/// in-process listener stream as they happen, with no polling.
///
/// Each subscriber has a bounded buffer that keeps the newest events: a slow browser loses old events,
/// never delays a run (the page reloads its data on every event, so a lost one is caught up by the next).
public final class DashboardEventHub: JobStatusChangedListener {
    private struct State {
        var subscribers: [Int: AsyncStream<BatchwireEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())
    private let bufferSize: Int

    /// A hub.
    /// - Parameter bufferSize: events kept for a subscriber that has not read them yet (at least 1).
    public init(bufferSize: Int = 256) {
        self.bufferSize = max(1, bufferSize)
    }

    /// Hands the event to every subscriber.
    public func onEvent(_ event: BatchwireEvent) async throws {
        publish(event)
    }

    /// Hands the event to every subscriber without waiting.
    public func publish(_ event: BatchwireEvent) {
        let continuations = state.withLock { Array($0.subscribers.values) }
        for continuation in continuations { continuation.yield(event) }
    }

    /// A stream of the events published from now on; it ends when ``finish()`` is called or the consumer
    /// stops iterating.
    public func subscribe() -> AsyncStream<BatchwireEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: BatchwireEvent.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many streams are open.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Ends every stream and refuses new ones (at shutdown, so open event streams let the server stop).
    public func finish() {
        let continuations = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
