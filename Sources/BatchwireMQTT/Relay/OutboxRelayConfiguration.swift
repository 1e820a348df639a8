import Foundation

/// How an ``OutboxRelay`` polls, publishes, backs off and prunes. Every value has a default.
public struct OutboxRelayConfiguration: Sendable {
    /// The topics, under the configured prefix (the status and lineage topics are derived from it).
    public var topics: MQTTTopics
    /// Builds the OpenLineage RunEvent of job status changes for `<prefix>/lineage/<job>`;
    /// `nil` publishes no lineage.
    public var lineage: OpenLineageEventBuilder?
    /// How many pending events one pass reads (oldest first) and publishes as one batch. Default 500.
    public var batchSize: Int
    /// The wait between passes while the outbox had a full batch (more is probably waiting). Default 0.
    public var busyInterval: Duration
    /// The wait between passes while the outbox is empty, cut short by ``OutboxRelay/notify()``. Default 1 s.
    public var idleInterval: Duration
    /// The first wait after a broker or database error; doubled on each further failure. Default 0.2 s.
    public var backoffMinimum: Duration
    /// The longest wait after repeated failures. Default 10 s.
    public var backoffMaximum: Duration
    /// How long delivered events are kept before they are deleted. Default 7 days.
    public var retention: Duration
    /// How often delivered events older than ``retention`` are deleted (also once at start). Default 1 hour.
    public var pruneInterval: Duration
    /// How many times the broker may refuse an event (a PUBACK reason code of 0x80 or more, such as an
    /// ACL's "not authorized", or a topic that is not valid MQTT) before it is moved to the dead letters so
    /// that the job's later events flow. Counted per relay run, with backoff between attempts; a broker
    /// that is down or unreachable never counts. Default 5 (at least 1).
    public var deadLetterAfterAttempts: Int
    /// The relay lease, for relays of several nodes sharing one outbox: only the holder publishes. `nil`
    /// (the default) publishes without one, for a relay that is alone on its outbox.
    public var lease: OutboxRelayLease?

    /// A configuration.
    ///
    /// - Parameters:
    ///   - topics: the topics (default prefix `batchwire`).
    ///   - lineage: the OpenLineage builder, or `nil` to publish no lineage (default: a builder with
    ///     the default namespace).
    ///   - batchSize: pending events read per pass.
    ///   - busyInterval: the wait after a full batch.
    ///   - idleInterval: the wait when the outbox is empty.
    ///   - backoffMinimum: the first wait after an error.
    ///   - backoffMaximum: the longest wait after errors.
    ///   - retention: how long delivered events are kept.
    ///   - pruneInterval: how often old delivered events are deleted.
    ///   - deadLetterAfterAttempts: refusals of one event before it is moved to the dead letters.
    ///   - lease: the relay lease shared with other nodes' relays, or `nil` for a relay alone on its outbox.
    public init(
        topics: MQTTTopics,
        lineage: OpenLineageEventBuilder? = OpenLineageEventBuilder(),
        batchSize: Int = 500,
        busyInterval: Duration = .zero,
        idleInterval: Duration = .seconds(1),
        backoffMinimum: Duration = .milliseconds(200),
        backoffMaximum: Duration = .seconds(10),
        retention: Duration = .seconds(7 * 24 * 3600),
        pruneInterval: Duration = .seconds(3600),
        deadLetterAfterAttempts: Int = 5,
        lease: OutboxRelayLease? = nil
    ) {
        self.topics = topics
        self.lineage = lineage
        self.batchSize = max(1, batchSize)
        self.busyInterval = busyInterval
        self.idleInterval = idleInterval
        self.backoffMinimum = backoffMinimum
        self.backoffMaximum = max(backoffMinimum, backoffMaximum)
        self.retention = retention
        self.pruneInterval = pruneInterval
        self.deadLetterAfterAttempts = max(1, deadLetterAfterAttempts)
        self.lease = lease
    }
}
