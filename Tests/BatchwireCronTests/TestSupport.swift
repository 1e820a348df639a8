import BatchwireTestBasics
@testable import BatchwireCron

/// Fires of an expression as ISO-8601 strings with the zone's real offsets.
func fires(
    _ text: String, zone: String = "UTC", after: String, count: Int = 5, dialect: CronDialect = .cron,
    seed: String = "", gap: DSTPolicy.Gap? = nil, overlap: DSTPolicy.Overlap? = nil
) throws -> [String] {
    let cronZone = try CronZone(zone)
    let schedule = CronSchedule(
        try CronExpression(text, dialect: dialect, seed: seed), zone: cronZone, gap: gap, overlap: overlap)
    guard let start = InstantFormat.epochSecond(parsing: after, zone: cronZone) else {
        throw CronError(.syntax, field: nil, token: after, reason: "is not an instant (test input)")
    }
    return schedule.nextEpochSeconds(after: start, count: count).map {
        InstantFormat.string(epochSecond: $0, in: cronZone)
    }
}

/// The error an expression is rejected with, or `nil` if it parses.
func rejection(_ text: String, dialect: CronDialect = .cron, seed: String = "") -> CronError? {
    do {
        _ = try CronExpression(text, dialect: dialect, seed: seed)
        return nil
    } catch {
        return error
    }
}
