import BatchwireCore
import Foundation

/// Delivers every event to every listener without ever making the caller wait.
///
/// Each listener has a bounded queue drained by a task of its own, so:
/// - ``dispatch(_:)`` returns at once: it never awaits a listener and never blocks;
/// - each listener sees events one at a time, in dispatch order;
/// - a listener that throws is reported (``Diagnostic/listenerFailed(listener:eventId:type:error:)``)
///   and gets the next event; a slow or stuck one only fills its own queue;
/// - when a queue is full the new event is dropped for that listener only, counted in
///   ``statistics`` and reported once per overflow episode
///   (``Diagnostic/eventsDropped(listener:eventId:totalDropped:)``).
///
/// Dropping is safe for delivery guarantees because the outbox, not the dispatcher, is the durable
/// record: the MQTT relay reads the outbox, not this queue.
public final class ListenerDispatcher: Sendable {
    /// Something worth a log line.
    public enum Diagnostic: Sendable, Hashable, CustomStringConvertible {
        /// A listener threw while handling an event; it will still receive the following events.
        case listenerFailed(listener: String, eventId: UUID, type: BatchwireEventType, error: String)
        /// A listener's queue was full, so the event was not queued for it. Reported on the first drop
        /// after a successful enqueue, with the listener's total drops so far.
        case eventsDropped(listener: String, eventId: UUID, totalDropped: Int)

        public var description: String {
            switch self {
            case .listenerFailed(let listener, let eventId, let type, let error):
                "listener '\(listener)' failed on \(type) event \(eventId.uuidString.lowercased()): \(error)"
            case .eventsDropped(let listener, let eventId, let totalDropped):
                "listener '\(listener)' is not keeping up: its queue is full, event "
                    + "\(eventId.uuidString.lowercased()) and later ones are dropped for it "
                    + "(\(totalDropped) dropped so far); make the listener faster or raise the queue capacity"
            }
        }
    }

    /// Counters of one listener.
    public struct Statistics: Sendable, Hashable {
        /// The listener's name.
        public var name: String
        /// Events handled without error.
        public var delivered: Int = 0
        /// Events whose handler threw.
        public var failed: Int = 0
        /// Events not queued because the queue was full.
        public var dropped: Int = 0
    }

    private let queues: [ListenerQueue]
    private let running: LockedValue<RunningState>
    private let onDiagnostic: @Sendable (Diagnostic) -> Void

    /// Starts one draining task per listener.
    ///
    /// - Parameters:
    ///   - listeners: the listeners, each with its name.
    ///   - capacity: how many events may wait for one listener (at least 1; default 1,024).
    ///   - onDiagnostic: receives failures and overflows; the default writes a line to standard error.
    ///     Called from the dispatching or draining task: it must be quick.
    public init(
        listeners: [NamedListener], capacity: Int = 1024,
        onDiagnostic: @escaping @Sendable (Diagnostic) -> Void = ListenerDispatcher.writeToStandardError
    ) {
        let capacity = max(1, capacity)
        let running = LockedValue(RunningState(remaining: listeners.count))
        self.running = running
        self.onDiagnostic = onDiagnostic
        self.queues = listeners.map { named in
            ListenerQueue(named: named, capacity: capacity, onDiagnostic: onDiagnostic) {
                let waiters = running.withLock { state in state.finishOne() }
                for waiter in waiters { waiter.resume() }
            }
        }
    }

    deinit {
        for queue in queues { queue.finish() }
    }

    /// Queues `event` for every listener and returns at once.
    ///
    /// - Parameter event: the event; after ``shutdown(gracePeriod:clock:)`` it is ignored.
    public func dispatch(_ event: BatchwireEvent) {
        for queue in queues { queue.enqueue(event) }
    }

    /// The listeners' counters, in listener order.
    public var statistics: [Statistics] {
        queues.map(\.statistics)
    }

    /// The listener names, in order.
    public var listenerNames: [String] {
        queues.map(\.name)
    }

    /// Stops accepting events, lets the listeners work through their queues for up to `gracePeriod`,
    /// then cancels whatever is still running.
    ///
    /// - Parameters:
    ///   - gracePeriod: how long to wait for the queues to drain.
    ///   - clock: the clock to wait on.
    /// - Returns: `true` if every queue drained in time; `false` if some listener was cancelled
    ///   (a listener that ignores cancellation is then abandoned, never awaited).
    @discardableResult
    public func shutdown<C: Clock<Duration>>(
        gracePeriod: Duration = .seconds(5), clock: C = ContinuousClock()
    ) async -> Bool {
        for queue in queues { queue.finish() }
        let id = UUID()
        let timer = LockedValue<Task<Void, Never>?>(nil)
        let drained = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let registered = running.withLock { state in state.addWaiter(id, continuation) }
            guard registered else { return continuation.resume(returning: true) }
            let task = Task { [running] in
                try? await clock.sleep(for: gracePeriod)
                running.withLock { state in state.removeWaiter(id) }?.resume(returning: false)
            }
            timer.withLock { $0 = task }
        }
        timer.withLock { $0?.cancel() }
        if !drained {
            for queue in queues { queue.cancel() }
        }
        return drained
    }

    /// The default diagnostic sink: one line on standard error.
    @Sendable public static func writeToStandardError(_ diagnostic: Diagnostic) {
        FileHandle.standardError.write(Data(("batchwire listeners: " + diagnostic.description + "\n").utf8))
    }
}

extension ListenerDispatcher {
    /// How many draining tasks are still running, and who waits for them to end.
    struct RunningState {
        var remaining: Int
        var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]

        /// One task ended; returns the waiters to resume when it was the last.
        mutating func finishOne() -> [Waiter] {
            remaining -= 1
            guard remaining == 0 else { return [] }
            let resumed = waiters.values.map(Waiter.init)
            waiters = [:]
            return resumed
        }

        /// Registers a waiter unless every task has already ended.
        mutating func addWaiter(_ id: UUID, _ continuation: CheckedContinuation<Bool, Never>) -> Bool {
            guard remaining > 0 else { return false }
            waiters[id] = continuation
            return true
        }

        /// Takes a waiter back (its time is up), if it was not resumed already.
        mutating func removeWaiter(_ id: UUID) -> CheckedContinuation<Bool, Never>? {
            waiters.removeValue(forKey: id)
        }
    }

    /// A waiter to resume outside the lock.
    struct Waiter {
        let continuation: CheckedContinuation<Bool, Never>
        func resume() { continuation.resume(returning: true) }
    }
}
