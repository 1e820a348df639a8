import BatchwireCron
import Foundation

/// When a job fires, as its file says.
///
/// A value type with copy-on-write storage: copies (the registry's, the scheduler's entry, a listing's)
/// share one allocation until one of them is changed, and two copies of one definition compare equal
/// without comparing their fields. At 100,000 schedules an inline copy in each scheduler entry cost
/// about 20 MB.
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

    /// The fields, shared between copies until one is changed.
    private var storage: Storage

    public init(trigger: Trigger, location: SourceLocation) {
        storage = Storage(Fields(trigger: trigger, location: location))
    }

    public var trigger: Trigger {
        get { storage.fields.trigger }
        set { mutate { $0.trigger = newValue } }
    }
    /// The schedule's name within its job (`name:`); its position when unset. See ``ScheduleIdentity``.
    public var name: String? {
        get { storage.fields.name }
        set { mutate { $0.name = newValue } }
    }
    /// An IANA zone or a fixed offset; `UTC` by default.
    public var zone: String {
        get { storage.fields.zone }
        set { mutate { $0.zone = newValue } }
    }
    public var misfire: Misfire {
        get { storage.fields.misfire }
        set { mutate { $0.misfire = newValue } }
    }
    public var overlap: Overlap {
        get { storage.fields.overlap }
        set { mutate { $0.overlap = newValue } }
    }
    /// The seed for `H` fields; the job name by default.
    public var hashSeed: String? {
        get { storage.fields.hashSeed }
        set { mutate { $0.hashSeed = newValue } }
    }
    /// Created paused.
    public var paused: Bool {
        get { storage.fields.paused }
        set { mutate { $0.paused = newValue } }
    }
    /// The largest delay, in seconds, added to each fire to spread load (`jitter:`); 0 for none.
    /// The run's fire-time parameter stays the nominal slot.
    public var jitterSeconds: Int {
        get { storage.fields.jitterSeconds }
        set { mutate { $0.jitterSeconds = newValue } }
    }
    /// Stable (default) or random jitter.
    public var jitterMode: JitterMode {
        get { storage.fields.jitterMode }
        set { mutate { $0.jitterMode = newValue } }
    }
    /// No fire before this instant (`start:`).
    public var start: Date? {
        get { Fields.date(storage.fields.start) }
        set { mutate { $0.start = Fields.stored(newValue) } }
    }
    /// No fire after this instant (`end:`).
    public var end: Date? {
        get { Fields.date(storage.fields.end) }
        set { mutate { $0.end = Fields.stored(newValue) } }
    }
    /// How far back, in seconds, missed fires are still replayed under `misfire: latest` or `all`
    /// (`catchupWindow:`); unbounded when unset.
    public var catchupWindowSeconds: Int? {
        get { storage.fields.catchupWindow == Fields.unbounded ? nil : storage.fields.catchupWindow }
        set { mutate { $0.catchupWindow = newValue ?? Fields.unbounded } }
    }
    /// What a cron schedule does with a local time a spring-forward gap skips (`dst: {gap: shift|skip}`);
    /// `nil` for the cron engine's default (fixed-time expressions shift, interval ones skip).
    public var dstGap: DSTPolicy.Gap? {
        get { storage.fields.dstGap }
        set { mutate { $0.dstGap = newValue } }
    }
    /// What a cron schedule does with a local time a fall-back overlap repeats
    /// (`dst: {overlap: first|last|both}`); `nil` for the default (fixed-time first, interval both).
    public var dstOverlap: DSTPolicy.Overlap? {
        get { storage.fields.dstOverlap }
        set { mutate { $0.dstOverlap = newValue } }
    }
    /// The most missed fires `misfire: all` replays after one outage (`maxCatchup:`).
    public var maxCatchup: Int {
        get { storage.fields.maxCatchup }
        set { mutate { $0.maxCatchup = newValue } }
    }
    public var location: SourceLocation {
        get { storage.fields.location }
        set { mutate { $0.location = newValue } }
    }

    public static func == (lhs: ScheduleDefinition, rhs: ScheduleDefinition) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Changes the fields in place when this copy is their only owner, otherwise in a fresh copy.
    private mutating func mutate(_ change: (inout Fields) -> Void) {
        if isKnownUniquelyReferenced(&storage) {
            change(&storage.fields)
        } else {
            var fields = storage.fields
            change(&fields)
            storage = Storage(fields)
        }
    }

    /// The stored fields, ordered so that the small ones pack together (152 bytes).
    private struct Fields: Equatable {
        /// `catchupWindow` when there is none (an `Int?` takes 16 bytes here, not 8).
        static let unbounded = Int.min
        /// `start` or `end` when there is none (likewise for `Date?`).
        static let noInstant = -Double.infinity

        var trigger: Trigger
        var misfire: Misfire = .latest
        var overlap: Overlap = .skip
        var paused = false
        var jitterMode: JitterMode = .stable
        var dstGap: DSTPolicy.Gap?
        var dstOverlap: DSTPolicy.Overlap?
        var name: String?
        var zone = "UTC"
        var hashSeed: String?
        var jitterSeconds = 0
        var maxCatchup = 10
        var catchupWindow = unbounded
        /// Seconds since the reference date (`Date`'s own representation), or ``noInstant``.
        var start = noInstant
        var end = noInstant
        var location: SourceLocation

        init(trigger: Trigger, location: SourceLocation) {
            self.trigger = trigger
            self.location = location
        }

        static func date(_ stored: Double) -> Date? {
            stored == noInstant ? nil : Date(timeIntervalSinceReferenceDate: stored)
        }

        static func stored(_ date: Date?) -> Double {
            date?.timeIntervalSinceReferenceDate ?? noInstant
        }
    }

    /// One allocation shared by copies. Mutated only through ``mutate(_:)`` while uniquely referenced, so
    /// no two threads ever see it change: that is why the unchecked `Sendable` is safe.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }
}
