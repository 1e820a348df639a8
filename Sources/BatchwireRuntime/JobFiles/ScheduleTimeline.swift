import BatchwireCron
import Foundation

/// A schedule from a job file in the cron engine's terms: it answers "the next fire after this
/// instant" and prints instants with the schedule zone's real offset.
public struct ScheduleTimeline: Sendable {
    private let schedule: any Schedule
    /// The zone fires are shown in (UTC for `every:` schedules).
    public let zone: CronZone

    /// - Parameters:
    ///   - definition: the schedule as written.
    ///   - jobName: the default seed for `H` fields.
    /// - Throws: the cron engine's error (field, token and reason), an unknown zone, or a bad anchor.
    public init(_ definition: ScheduleDefinition, jobName: String) throws {
        switch definition.trigger {
        case .cron(let text, let dialectName):
            let dialect = CronDialect(rawValue: dialectName) ?? .cron
            let expression = try CronExpression(text, dialect: dialect, seed: definition.hashSeed ?? jobName)
            zone = try CronZone(definition.zone)
            schedule = CronSchedule(expression, zone: zone)
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
            zone = try CronZone(definition.zone)
            schedule = try IntervalSchedule(period: Int64(seconds), anchor: Int64(anchor?.timeIntervalSince1970 ?? 0))
        }
    }

    /// The first fire strictly after `instant`, or `nil` when the schedule has no more.
    public func next(after instant: Date) -> Date? {
        schedule.next(after: instant)
    }

    /// The next `count` fires after `instant`.
    public func fires(after instant: Date, count: Int) -> [Date] {
        schedule.nextEpochSeconds(after: Int64(instant.timeIntervalSince1970.rounded(.down)), count: count)
            .map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// `instant` in ISO-8601 with the zone's offset at that instant.
    public func format(_ instant: Date) -> String {
        InstantFormat.string(epochSecond: Int64(instant.timeIntervalSince1970.rounded(.down)), in: zone)
    }
}
