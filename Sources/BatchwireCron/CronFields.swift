import Synchronization

/// The compiled fields of an expression (one bitset per field plus the calendar extras), shared by every
/// expression that compiles to the same ones.
///
/// Fleets repeat a few expressions, and `H` spreads the rest over a small set of resolved minutes and
/// hours, so most of 100,000 schedules find their fields already made: the table below hands out the one
/// instance per distinct value that is alive. Immutable, hence `Sendable`.
final class CronFields: Sendable, Hashable {
    let seconds: UInt64
    let minutes: UInt64
    let hours: UInt64
    let months: UInt64
    let days: DaySpec
    let years: YearSet
    let firstSecond: Int
    let firstMinute: Int
    let firstHour: Int
    /// The hash of the fields, computed once (it is also the table's bucket).
    private let contentHash: Int

    private init(seconds: UInt64, minutes: UInt64, hours: UInt64, months: UInt64, days: DaySpec, years: YearSet) {
        self.seconds = seconds
        self.minutes = minutes
        self.hours = hours
        self.months = months
        self.days = days
        self.years = years
        firstSecond = seconds.trailingZeroBitCount
        firstMinute = minutes.trailingZeroBitCount
        firstHour = hours.trailingZeroBitCount
        var hasher = Hasher()
        hasher.combine(seconds)
        hasher.combine(minutes)
        hasher.combine(hours)
        hasher.combine(months)
        hasher.combine(days)
        hasher.combine(years)
        contentHash = hasher.finalize()
    }

    /// The live instance holding these fields, made if there is none.
    static func shared(
        seconds: UInt64, minutes: UInt64, hours: UInt64, months: UInt64, days: DaySpec, years: YearSet
    ) -> CronFields {
        let made = CronFields(seconds: seconds, minutes: minutes, hours: hours, months: months, days: days, years: years)
        return sharedFields.withLock { $0.intern(made) }
    }

    static func == (lhs: CronFields, rhs: CronFields) -> Bool {
        lhs === rhs
            || (lhs.contentHash == rhs.contentHash && lhs.seconds == rhs.seconds && lhs.minutes == rhs.minutes
                && lhs.hours == rhs.hours && lhs.months == rhs.months && lhs.days == rhs.days && lhs.years == rhs.years)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(contentHash)
    }

    /// How many distinct field sets are alive (tests).
    static var liveCount: Int {
        sharedFields.withLock { $0.liveCount }
    }
}

/// The instances alive, by content hash, held weakly so that fields no expression uses any more go away.
private struct FieldsTable: ~Copyable {
    private struct WeakFields {
        weak var fields: CronFields?
    }

    private var buckets: [Int: [WeakFields]] = [:]
    private var insertsSinceSweep = 0

    /// An equal live instance, or `made` after recording it.
    mutating func intern(_ made: CronFields) -> CronFields {
        let key = made.hashValue
        if let found = buckets[key]?.lazy.compactMap(\.fields).first(where: { $0 == made }) {
            return found
        }
        buckets[key, default: []].append(WeakFields(fields: made))
        insertsSinceSweep += 1
        // Dead entries are dropped once the inserts since the last sweep outnumber the buckets:
        // amortized constant time per insert, and the table stays within twice the live instances.
        if insertsSinceSweep > max(1024, buckets.count) {
            sweep()
        }
        return made
    }

    var liveCount: Int {
        buckets.values.reduce(0) { $0 + $1.count { $0.fields != nil } }
    }

    private mutating func sweep() {
        insertsSinceSweep = 0
        buckets = buckets.compactMapValues { entries in
            let live = entries.filter { $0.fields != nil }
            return live.isEmpty ? nil : live
        }
    }
}

private let sharedFields = Mutex(FieldsTable())
