import Foundation

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

    /// How a schedule's jitter offset is chosen.
    public enum JitterMode: String, Sendable, CaseIterable {
        /// The same offset for every fire of the schedule (derived from its id), on every node.
        case stable
        /// A new random offset for each fire.
        case random
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
    /// The largest delay, in seconds, added to each fire to spread load (`jitter:`); 0 for none.
    /// The run's fire-time parameter stays the nominal slot.
    public var jitterSeconds: Int = 0
    /// Stable (default) or random jitter.
    public var jitterMode: JitterMode = .stable
    /// No fire before this instant (`start:`).
    public var start: Date?
    /// No fire after this instant (`end:`).
    public var end: Date?
    /// How far back, in seconds, missed fires are still replayed under `misfire: latest` or `all`
    /// (`catchupWindow:`); unbounded when unset.
    public var catchupWindowSeconds: Int?
    /// The most missed fires `misfire: all` replays after one outage (`maxCatchup:`).
    public var maxCatchup: Int = 10
    public var location: SourceLocation

    public init(trigger: Trigger, location: SourceLocation) {
        self.trigger = trigger
        self.location = location
    }
}
