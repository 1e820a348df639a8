import Foundation

/// How a node's event triggers behave.
public struct TriggerConfiguration: Sendable {
    /// This node's id (records, events).
    public var nodeID: String
    /// How long an identical message (same topic, payload and `BW_EVENT_ID`) counts as a duplicate of the
    /// first (a broker's redelivery, a message reaching two nodes) rather than a new message.
    public var duplicateWindow: TimeInterval
    /// How long after a debounce window ends its run starts, so messages received at its very end by other
    /// nodes are recorded first.
    public var debounceGrace: Duration
    /// How often `overlap: queue` looks again whether the running execution ended.
    public var overlapPollInterval: Duration
    /// Seconds without a heartbeat after which another node's undecided claims are taken over.
    public var leaseSeconds: TimeInterval
    /// The clock.
    public var now: @Sendable () -> Date

    /// A configuration.
    public init(
        nodeID: String, duplicateWindow: TimeInterval = 3600, debounceGrace: Duration = .milliseconds(500),
        overlapPollInterval: Duration = .milliseconds(500), leaseSeconds: TimeInterval = 30,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.nodeID = nodeID
        self.duplicateWindow = duplicateWindow
        self.debounceGrace = debounceGrace
        self.overlapPollInterval = overlapPollInterval
        self.leaseSeconds = leaseSeconds
        self.now = now
    }
}
