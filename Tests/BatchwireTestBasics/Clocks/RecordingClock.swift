import Synchronization

/// A clock whose sleeps return at once and are recorded; for retry backoff tests.
package final class RecordingClock: Clock, Sendable {
    package typealias Instant = OffsetInstant

    private let state = Mutex((now: Instant(offset: .zero), sleeps: [Duration]()))

    /// A clock at offset zero with no sleeps.
    package init() {}

    package var now: Instant { state.withLock { $0.now } }
    package var minimumResolution: Duration { .nanoseconds(1) }
    /// The duration of each sleep, in order.
    package var sleeps: [Duration] { state.withLock { $0.sleeps } }

    package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.now = max(state.now, deadline)
        }
    }
}
