/// The compiled fields of an expression (one bitset per field plus the calendar extras), in an object of
/// their own so that equal expressions can share one (see ``CronExpressionPool``). Immutable, hence
/// `Sendable`; equal and hashed by content.
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
    /// The hash of the fields, computed once.
    private let contentHash: Int

    init(seconds: UInt64, minutes: UInt64, hours: UInt64, months: UInt64, days: DaySpec, years: YearSet) {
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

    static func == (lhs: CronFields, rhs: CronFields) -> Bool {
        lhs === rhs
            || (lhs.contentHash == rhs.contentHash && lhs.seconds == rhs.seconds && lhs.minutes == rhs.minutes
                && lhs.hours == rhs.hours && lhs.months == rhs.months && lhs.days == rhs.days && lhs.years == rhs.years)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(contentHash)
    }

}
