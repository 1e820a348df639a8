/// Counters of an ``OutboxRelay`` since it was made.
public struct OutboxRelayMetrics: Sendable, Hashable {
    /// Events published (every publication acknowledged) and marked delivered.
    public var published: Int = 0
    /// MQTT publications acknowledged (an event has one to three: events, status, lineage).
    public var publications: Int = 0
    /// Failed attempts that will be retried: the broker down, a database error, a refused publish before
    /// its last attempt.
    public var retried: Int = 0
    /// Events moved to the dead letters after the broker refused them
    /// ``OutboxRelayConfiguration/deadLetterAfterAttempts`` times.
    public var deadLettered: Int = 0
    /// Events still undelivered after the last pass (at most the batch size: a lower bound when the
    /// outbox holds more).
    public var pending: Int = 0
    /// Delivered events deleted after their retention.
    public var pruned: Int = 0
    /// Whether this relay publishes now: it holds the relay lease (always `true` for a relay without
    /// ``OutboxRelayConfiguration/lease``).
    public var holdsLease: Bool = false

    /// Zero counters.
    public init() {}
}
