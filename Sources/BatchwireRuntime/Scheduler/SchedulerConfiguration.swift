/// How the scheduler of one node behaves.
public struct SchedulerConfiguration: Sendable {
    /// This node's id: recorded on every slot it claims and event it emits.
    public var nodeID: String
    /// How late a slot may be and still fire as usual; slots later than this are misfires, decided by
    /// the schedule's `misfire` policy. Quartz calls this the misfire threshold.
    public var misfireThreshold: Duration = .seconds(10)
    /// How often pause states are re-read from the store (other nodes and the CLI change them).
    public var pausePollInterval: Duration = .seconds(5)
    /// How often a fire waiting on a running execution (`overlap: queue` or `cancel-running`) checks again.
    public var overlapPollInterval: Duration = .seconds(1)
    /// How long `overlap: cancel-running` waits for the running execution to stop before giving the fire up.
    public var cancelRunningTimeout: Duration = .seconds(60)
    /// How often a launch that lost a race for the next instance (another node started one at the same
    /// moment) is retried with fresh parameters.
    public var launchAttempts = 5
    /// How long before an on-time slot is due this node claims it. The claim is a durable commit (an
    /// `fsync` on SQLite, a round trip and a flush on MySQL), which on a busy disk takes tens of milliseconds
    /// and under heavy I/O can stall for longer; claiming ahead takes it off the path from due instant to
    /// launch, so runs start on time. The run still starts at the due instant; the overlap check runs while
    /// waiting for it (and again at due if the job was busy). A claimed slot whose node stops before starting
    /// its run is taken over by another node (see ``staleClaimAge``); one this node holds at a graceful
    /// shutdown is released for the next node. Zero claims at the due instant. A slot that reaches its worker
    /// already due (zero, or a node that fell behind) is claimed in its launch's transaction under `overlap:
    /// skip` and `allow`.
    public var claimAhead: Duration = .seconds(1)
    /// How long a node may go without a heartbeat before the slots it claimed but never decided (it stopped
    /// between the claim and the run) are taken over by another node, which fires them under the schedule's
    /// misfire policy, or records the run the node did start. Each scheduler heartbeats every
    /// ``staleClaimCheckInterval``; a restarted node takes over its own earlier claims at once.
    public var staleClaimAge: Duration = .seconds(60)
    /// How often the scheduler heartbeats and looks for stale claims.
    public var staleClaimCheckInterval: Duration = .seconds(15)
    /// How many launches may be in flight at once; more wait their turn in order, and a slot that waited past
    /// the misfire threshold follows its misfire policy instead of reaching the database late. The default is
    /// what the store's group commit takes at once (four groups of 256); 128 cut a burst's rate by half.
    public var maxLaunchesInFlight = 1024

    /// The defaults, for `nodeID`.
    public init(nodeID: String) {
        self.nodeID = nodeID
    }
}
