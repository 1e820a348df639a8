/// Which syntax and meanings an expression is read with.
public enum CronDialect: String, Sendable, Hashable, CaseIterable {
    /// Batchwire's default: 5, 6 or 7 fields, Sunday is 0 or 7, `H`, macros and the calendar extras.
    case cron
    /// Quartz 2.3 triggers: 6 or 7 fields, seconds first, Sunday is 1, exactly one of the day fields is `?`.
    case quartz
}
