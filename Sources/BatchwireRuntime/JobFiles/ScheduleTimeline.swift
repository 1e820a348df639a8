import BatchwireCron
import Foundation

/// A schedule from a job file in the cron engine's terms: it answers "the next fire after this
/// instant" within the schedule's `start:`/`end:` bounds and prints instants with the schedule zone's
/// real offset. The scheduler, `batchwire next`, `jobs` and `schedules` all ask it, so they agree.
///
/// The schedule is held inline (an enum, not an `any Schedule` in a box of its own), and equal cron
/// expressions made through one ``CronExpressionPool`` share their compiled fields, so each of the
/// scheduler's 100,000 entries carries a few dozen bytes here (rule and bounds) instead of a 64-byte
/// existential plus a 224-byte box.
public struct ScheduleTimeline: Sendable {
    private enum Rule: Sendable {
        case cron(CronSchedule)
        case interval(IntervalSchedule, zone: CronZone)
    }

    private let rule: Rule
    /// The first and last epoch seconds a fire may fall on (`start:` and `end:`, both inclusive).
    private let firstSecond: Int64
    private let lastSecond: Int64

    /// The zone fires are shown in (the schedule's `zone:`, UTC by default).
    public var zone: CronZone {
        switch rule {
        case .cron(let schedule): schedule.zone
        case .interval(_, let zone): zone
        }
    }

    /// - Parameters:
    ///   - definition: the schedule as written.
    ///   - jobName: the default seed for `H` fields.
    ///   - pool: shares the compiled cron fields with equal schedules made through it (when making many).
    /// - Throws: the cron engine's error (field, token and reason), an unknown zone, or a bad anchor.
    public init(_ definition: ScheduleDefinition, jobName: String, sharing pool: CronExpressionPool? = nil) throws {
        firstSecond = definition.start.map { Int64($0.timeIntervalSince1970.rounded(.up)) } ?? .min
        lastSecond = definition.end.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? .max
        switch definition.trigger {
        case .cron(let text, let dialectName):
            let dialect = CronDialect(rawValue: dialectName) ?? .cron
            var expression = try CronExpression(text, dialect: dialect, seed: definition.hashSeed ?? jobName)
            if let pool { expression = pool.share(expression) }
            rule = .cron(
                CronSchedule(
                    expression, zone: try CronZone(definition.zone), gap: definition.dstGap,
                    overlap: definition.dstOverlap))
        case .every(let seconds, let anchorText):
            var anchor: Date?
            if let anchorText {
                guard let epoch = InstantFormat.epochSecond(parsing: anchorText) else {
                    throw JobFileError(
                        definition.location,
                        "anchor \"\(anchorText)\" is not an ISO-8601 instant such as 2026-01-01T00:00:00Z"
                    )
                }
                anchor = Date(timeIntervalSince1970: TimeInterval(epoch))
            }
            let zone = try CronZone(definition.zone)
            let schedule = try IntervalSchedule(
                period: Int64(seconds), anchor: Int64(anchor?.timeIntervalSince1970 ?? 0))
            rule = .interval(schedule, zone: zone)
        }
    }

    /// The first fire strictly after `instant` within the bounds, or `nil` when the schedule has no more.
    public func next(after instant: Date) -> Date? {
        let from = boundedStart(after: instant)
        let next: Date? =
            switch rule {
            case .cron(let schedule): schedule.next(after: from)
            case .interval(let schedule, _): schedule.next(after: from)
            }
        guard let next, Int64(next.timeIntervalSince1970.rounded(.down)) <= lastSecond else { return nil }
        return next
    }

    /// The next `count` fires after `instant` within the bounds (fewer when the schedule ends first).
    public func fires(after instant: Date, count: Int) -> [Date] {
        let after = Int64(boundedStart(after: instant).timeIntervalSince1970.rounded(.down))
        let seconds =
            switch rule {
            case .cron(let schedule): schedule.nextEpochSeconds(after: after, count: count)
            case .interval(let schedule, _): schedule.nextEpochSeconds(after: after, count: count)
            }
        return seconds.prefix { $0 <= lastSecond }.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// `instant`, or just before `start:` when the schedule has not begun by then.
    private func boundedStart(after instant: Date) -> Date {
        guard firstSecond != .min, instant.timeIntervalSince1970 < Double(firstSecond) else { return instant }
        return Date(timeIntervalSince1970: TimeInterval(firstSecond - 1))
    }

    /// `instant` in ISO-8601 with the zone's offset at that instant.
    public func format(_ instant: Date) -> String {
        InstantFormat.string(epochSecond: Int64(instant.timeIntervalSince1970.rounded(.down)), in: zone)
    }
}
