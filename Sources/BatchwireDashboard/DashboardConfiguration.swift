import Foundation

/// How a ``Dashboard`` behaves: whether it may change anything, and what it shows.
public struct DashboardConfiguration: Sendable {
    /// The operator token (`http-operator-token`, a secret). `nil`: the dashboard is read-only and every
    /// state-changing request is refused with 403. Set: such a request must carry
    /// `Authorization: Bearer <token>`.
    public var operatorToken: String?
    /// This node's id: recorded as who paused or resumed a schedule (`http@<node>`).
    public var nodeID: String
    /// The relay lease whose holder the nodes page shows (the daemon's is `outbox`).
    public var relayLeaseName: String = "outbox"
    /// How many next fires each schedule lists.
    public var nextFireCount: Int = 5
    /// Where command steps write their output, for the tail of each step's log; `nil` shows none.
    public var stepLogDirectory: URL?
    /// How much of each step log the execution page shows.
    public var logTailLines: Int = 40
    /// How many executions a page lists unless the request asks for another count (1 to 500).
    public var pageSize: Int = 50
    /// How often an event stream gets a comment line (`: keep-alive`), so proxies and browsers do not close an
    /// idle stream (15 s; shorter in tests).
    public var keepAliveInterval: Duration = .seconds(15)
    /// How often, at most, the event hub reads the shared outbox for events of other nodes while a stream is
    /// open (see ``DashboardOutboxTail``); nothing is read while no stream is open.
    public var outboxPollInterval: Duration = .seconds(1)
    /// The current instant (injected in tests).
    public var now: @Sendable () -> Date = { Date() }

    /// A configuration.
    /// - Parameters:
    ///   - nodeID: this node's id.
    ///   - operatorToken: the operator token; `nil` for a read-only dashboard.
    public init(nodeID: String, operatorToken: String? = nil) {
        self.nodeID = nodeID
        self.operatorToken = operatorToken
    }
}
