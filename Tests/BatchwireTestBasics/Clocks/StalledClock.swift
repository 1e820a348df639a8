/// A clock on which time never passes: `now` is fixed and every sleep lasts until it is cancelled.
/// A relay waiting on it publishes again only when something wakes it.
package struct StalledClock: Clock {
    package typealias Duration = Swift.Duration
    package typealias Instant = ContinuousClock.Instant

    package let now: ContinuousClock.Instant = .now

    /// A clock stalled at the current instant.
    package init() {}

    package var minimumResolution: Duration { .nanoseconds(1) }

    package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
