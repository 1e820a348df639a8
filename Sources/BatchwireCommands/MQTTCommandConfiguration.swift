import BatchwireCore
import BatchwireRuntime
import Foundation

/// How an ``MQTTCommandHandler`` listens for commands and checks them.
///
/// ```swift
/// let configuration = MQTTCommandConfiguration(topicPrefix: "batchwire", nodeID: "node-1")
/// ```
public struct MQTTCommandConfiguration: Sendable {
    /// The first level(s) of every topic; commands arrive on `<topicPrefix>/commands/<verb>`.
    public var topicPrefix: String
    /// This node's name, written into every reply (`node`) and into pause changes (`changedBy`).
    public var nodeID: String
    /// The share name of the subscription `$share/<shareGroup>/<topicPrefix>/commands/#`: every node of a
    /// cluster uses the same one, so the broker hands each command to exactly one of them.
    public var shareGroup: String
    /// The largest payload accepted, in bytes; a larger command is answered `TOO_LARGE` unread.
    public var maxPayloadBytes: Int
    /// How long an idempotency key is remembered: a command repeated with the same key after this long
    /// runs again. Keys older than this are deleted as new commands arrive.
    public var keyRetention: Duration
    /// How often, at most, old idempotency keys are deleted (checked when a command arrives).
    public var pruneInterval: Duration
    /// The current instant: when a command arrived (for its MQTT message expiry), whether its `expiresAt`
    /// has passed, and the time stamps written to the database. Tests inject a clock of their own.
    public var now: @Sendable () -> Date

    /// A configuration.
    ///
    /// - Parameters:
    ///   - topicPrefix: the topic prefix (default `batchwire`).
    ///   - nodeID: this node's name.
    ///   - shareGroup: the shared subscription's group (default `batchwire`).
    ///   - maxPayloadBytes: the payload size limit (default 65,536 bytes).
    ///   - keyRetention: how long idempotency keys are kept (default 7 days).
    ///   - pruneInterval: how often old keys are deleted, at most (default 1 hour).
    ///   - now: the current instant (default the system clock).
    public init(
        topicPrefix: String = "batchwire",
        nodeID: String,
        shareGroup: String = "batchwire",
        maxPayloadBytes: Int = 65_536,
        keyRetention: Duration = .seconds(7 * 86_400),
        pruneInterval: Duration = .seconds(3_600),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.topicPrefix = topicPrefix
        self.nodeID = nodeID
        self.shareGroup = shareGroup
        self.maxPayloadBytes = maxPayloadBytes
        self.keyRetention = keyRetention
        self.pruneInterval = pruneInterval
        self.now = now
    }
}
