/// One field of a schedule expression.
public enum CronField: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case second, minute, hour, dayOfMonth, month, dayOfWeek, year

    /// The name used in error messages, e.g. `day-of-month`.
    public var displayName: String {
        switch self {
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        case .year: "year"
        }
    }

    /// The field name hashed with the seed for `H` (`seed + "/" + hashName`).
    public var hashName: String {
        switch self {
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "dom"
        case .month: "month"
        case .dayOfWeek: "dow"
        case .year: "year"
        }
    }

    public var description: String { displayName }

    /// The values a plain number may take in dialect `cron` (day-of-week allows 7 for Sunday).
    var cronRange: ClosedRange<Int> {
        switch self {
        case .second, .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        case .year: CronField.firstYear...CronField.lastYear
        }
    }

    /// The values a plain number may take in dialect `quartz` (day-of-week 1 = Sunday .. 7 = Saturday).
    var quartzRange: ClosedRange<Int> {
        self == .dayOfWeek ? 1...7 : cronRange
    }

    /// The first year a year field accepts.
    static let firstYear = 1970
    /// The last year a year field accepts.
    static let lastYear = 2199
}
