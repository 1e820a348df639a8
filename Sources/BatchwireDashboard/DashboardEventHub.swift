import BatchwireCore
import BatchwireListeners
import Foundation
import Synchronization

/// Fans events out to every open event stream (`GET /api/v1/events`). Two sources feed it: this node's
/// listener stream (it is a ``JobStatusChangedListener`` the daemon adds to its ``ListenerDispatcher``), so
/// this node's events arrive as they happen, and a ``DashboardOutboxTail`` that reads the events every other
/// node committed to the shared outbox while a stream is open.
///
/// Each event is handed on once, whichever source brings it first: the hub remembers the ids of the last
/// events it published (``recentCapacity``) and drops a repeat. Each subscriber has a bounded buffer that
/// keeps the newest events: a slow browser loses old events, never delays a run (the page reloads its data
/// on every event, so a lost one is caught up by the next).
public final class DashboardEventHub: JobStatusChangedListener {
    private struct State {
        var subscribers: [Int: AsyncStream<BatchwireEvent>.Continuation] = [:]
        var nextID = 0
        var finished = false
        var recent = RecentIDs()
    }

    /// The ids of the newest events published, oldest dropped first.
    private struct RecentIDs {
        var ids: Set<UUID> = []
        var order: [UUID] = []
        var start = 0

        /// Records `id`; `false` when it was already there.
        mutating func insert(_ id: UUID, capacity: Int) -> Bool {
            guard ids.insert(id).inserted else { return false }
            if order.count < capacity {
                order.append(id)
            } else {
                ids.remove(order[start])
                order[start] = id
                start = (start + 1) % capacity
            }
            return true
        }
    }

    private let state = Mutex(State())
    private let bufferSize: Int
    /// How many event ids the hub remembers to drop repeats.
    public let recentCapacity: Int
    /// Ticks once a stream is opened (what ``waitForSubscriber()`` waits for).
    private let opened: AsyncStream<Void>
    private let openedSink: AsyncStream<Void>.Continuation

    /// A hub.
    /// - Parameters:
    ///   - bufferSize: events kept for a subscriber that has not read them yet (at least 1).
    ///   - recentCapacity: event ids remembered to drop an event both sources bring (at least 1).
    public init(bufferSize: Int = 256, recentCapacity: Int = 4096) {
        self.bufferSize = max(1, bufferSize)
        self.recentCapacity = max(1, recentCapacity)
        (opened, openedSink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Hands the event to every subscriber.
    public func onEvent(_ event: BatchwireEvent) async throws {
        publish(event)
    }

    /// Hands the event to every subscriber without waiting, unless an event with its id was published already.
    /// - Returns: whether it was handed on (`false` for a repeat).
    @discardableResult
    public func publish(_ event: BatchwireEvent) -> Bool {
        let capacity = recentCapacity
        let continuations: [AsyncStream<BatchwireEvent>.Continuation]? = state.withLock { state in
            guard state.recent.insert(event.eventId, capacity: capacity) else { return nil }
            return Array(state.subscribers.values)
        }
        guard let continuations else { return false }
        for continuation in continuations { continuation.yield(event) }
        return true
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
        openedSink.yield()
        return stream
    }

    /// How many streams are open.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Returns once a stream is open: at once if one is. One waiter at a time (the ``DashboardOutboxTail``).
    /// - Returns: `false` when the hub finished or the task was cancelled first.
    func waitForSubscriber() async -> Bool {
        if subscriberCount > 0 { return true }
        for await _ in opened {
            if subscriberCount > 0 { return true }
            if state.withLock({ $0.finished }) { return false }
        }
        return false
    }

    /// Ends every stream and refuses new ones (at shutdown, so open event streams let the server stop).
    public func finish() {
        let continuations = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
        openedSink.finish()
    }
}
