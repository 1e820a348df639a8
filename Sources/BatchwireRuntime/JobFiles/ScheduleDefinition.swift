/// When a job fires, as its file says.
public struct ScheduleDefinition: Sendable, Equatable {
    /// A cron expression (with its dialect) or a fixed interval.
    public enum Trigger: Sendable, Equatable {
        case cron(expression: String, dialect: String)
        /// Every `seconds`, counted from `anchor` (an ISO-8601 instant) or from the epoch.
        case every(seconds: Int, anchor: String?)
    }

    /// What to do with fires missed while no node was running.
    public enum Misfire: String, Sendable, CaseIterable { case none, latest, all }
    /// What to do when the job is still running at the next fire.
    public enum Overlap: String, Sendable, CaseIterable {
        case skip, queue, allow
        case cancelRunning = "cancel-running"
    }

    public var trigger: Trigger
    /// The schedule's name within its job (`name:`); its position when unset. See ``ScheduleIdentity``.
    public var name: String?
    /// An IANA zone or a fixed offset; `UTC` by default.
    public var zone: String = "UTC"
    public var misfire: Misfire = .latest
    public var overlap: Overlap = .skip
    /// The seed for `H` fields; the job name by default.
    public var hashSeed: String?
    /// Created paused.
    public var paused: Bool = false
    public var location: SourceLocation

    public init(trigger: Trigger, location: SourceLocation) {
        self.trigger = trigger
        self.location = location
    }
}
