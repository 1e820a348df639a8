/// A parsed schedule expression in its compact form: one bitset per field plus the calendar extras.
///
/// Parse once, then ask ``CronSchedule`` (an expression in a zone) for fire instants. Parsing
/// rejects every malformed expression and every expression that can never fire, with a
/// ``CronError`` naming the field and the token.
///
/// ```swift
/// let expression = try CronExpression("0 9 * * mon-fri")
/// let schedule = CronSchedule(expression, zone: try CronZone("America/New_York"))
/// let next = schedule.next(after: .now)
/// ```
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    // The stored properties are ordered so that they pack into 42 bytes.
    /// The expression as written.
    public let source: String
    /// The hash seed `H` was resolved with.
    public let seed: String

    /// The compiled fields, shared with equal expressions made through one ``CronExpressionPool``.
    let fields: CronFields
    /// The dialect it was read with.
    public let dialect: CronDialect
    /// Whether this is a fixed-time expression (seconds, minute and hour do not start with `*` or `H/`),
    /// which decides the default daylight-saving behaviour; otherwise it is an interval expression.
    public let isFixedTime: Bool

    var seconds: UInt64 { fields.seconds }
    var minutes: UInt64 { fields.minutes }
    var hours: UInt64 { fields.hours }
    var months: UInt64 { fields.months }
    var days: DaySpec { fields.days }
    var years: YearSet { fields.years }
    var firstSecond: Int { fields.firstSecond }
    var firstMinute: Int { fields.firstMinute }
    var firstHour: Int { fields.firstHour }

    /// Parses an expression.
    ///
    /// - Parameters:
    ///   - text: 5, 6 or 7 fields (or a macro such as `@daily`) in dialect `cron`; 6 or 7 in `quartz`.
    ///   - dialect: how to read it; `.cron` by default.
    ///   - seed: the stable seed for `H` (the job name or its `hashSeed:`).
    /// - Throws: ``CronError`` naming the field, the token and the reason, for anything malformed
    ///   and for expressions that can never fire.
    public init(_ text: String, dialect: CronDialect = .cron, seed: String = "") throws(CronError) {
        self = try CronParser(dialect: dialect, seed: seed).parse(text)
    }

    init(
        source: String, dialect: CronDialect, seed: String, isFixedTime: Bool,
        seconds: UInt64, minutes: UInt64, hours: UInt64, months: UInt64,
        days: DaySpec, years: YearSet
    ) {
        self.source = source
        self.dialect = dialect
        self.seed = seed
        self.isFixedTime = isFixedTime
        self.fields = CronFields(
            seconds: seconds, minutes: minutes, hours: hours, months: months, days: days, years: years)
    }

    /// `expression` with `fields` (equal to its own) in place of its own.
    init(_ expression: CronExpression, sharing fields: CronFields) {
        self.source = expression.source
        self.seed = expression.seed
        self.fields = fields
        self.dialect = expression.dialect
        self.isFixedTime = expression.isFixedTime
    }

    public var description: String { source }
}
