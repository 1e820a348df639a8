/// How long to wait before each retry of a failed step: exponential, capped.
public struct RetryBackoff: Sendable, Hashable {
    /// The wait before the first retry.
    public var initial: Duration
    /// The factor each further wait grows by.
    public var multiplier: Double
    /// The longest wait.
    public var maximum: Duration

    /// A backoff policy.
    ///
    /// - Parameters:
    ///   - initial: the wait before the first retry (default 1 s).
    ///   - multiplier: the growth factor (default 2).
    ///   - maximum: the cap (default 5 minutes).
    public init(initial: Duration = .seconds(1), multiplier: Double = 2, maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
    }

    /// No wait at all.
    public static let none = RetryBackoff(initial: .zero, multiplier: 1, maximum: .zero)

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(retry, 1) {
            delay = delay * multiplier
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
