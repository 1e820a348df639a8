import BatchwireCron
import Foundation

extension JobFileParser {
    /// The optional keys of a schedule beyond its trigger and policies: name, jitter, bounds, catch-up, dst.
    func scheduleExtras(_ map: YAMLMapping, into schedule: inout ScheduleDefinition) throws {
        if let name = try map.string("name") {
            guard !name.isEmpty, !name.contains(where: { $0 == "#" || $0 == "/" || $0.isWhitespace }) else {
                throw JobFileError(map.location(of: "name"), "schedule name \"\(name)\" must be non-empty, without #, / or spaces")
            }
            schedule.name = name
        }
        if let text = try map.string("jitter") {
            guard let seconds = DurationText.seconds(text) else {
                throw JobFileError(map.location(of: "jitter"), "jitter \"\(text)\" is not a duration such as 30s or 5m")
            }
            schedule.jitterSeconds = seconds
        }
        schedule.jitterMode = try map.enumeration("jitterMode", as: ScheduleDefinition.JitterMode.self) ?? .stable
        schedule.start = try instant(map, "start")
        schedule.end = try instant(map, "end")
        if let start = schedule.start, let end = schedule.end, end <= start {
            throw JobFileError(map.location(of: "end"), "end must be later than start")
        }
        if let text = try map.string("catchupWindow") {
            guard let seconds = DurationText.seconds(text) else {
                throw JobFileError(
                    map.location(of: "catchupWindow"), "catchupWindow \"\(text)\" is not a duration such as 1h or 2d")
            }
            schedule.catchupWindowSeconds = seconds
        }
        schedule.maxCatchup = try map.int("maxCatchup", atLeast: 1) ?? 10
        try daylightSaving(map, into: &schedule)
    }

    /// `dst: {gap: shift|skip, overlap: first|last|both}`: a cron schedule's own daylight-saving rules.
    private func daylightSaving(_ map: YAMLMapping, into schedule: inout ScheduleDefinition) throws {
        guard let node = map.value("dst") else { return }
        guard case .cron = schedule.trigger else {
            throw JobFileError(
                map.location(of: "dst"),
                "\"dst\" applies to cron schedules; an every: schedule counts elapsed time and never meets a gap or overlap")
        }
        let dst = try YAMLMapping(node, file: map.file, what: "\"dst\"")
        try dst.rejectUnknownKeys(Self.keys("dst"), in: "\"dst\"")
        schedule.dstGap = try dst.enumeration("gap", as: DSTPolicy.Gap.self)
        schedule.dstOverlap = try dst.enumeration("overlap", as: DSTPolicy.Overlap.self)
    }

    private func instant(_ map: YAMLMapping, _ key: String) throws -> Date? {
        guard let text = try map.string(key) else { return nil }
        guard let epoch = InstantFormat.epochSecond(parsing: text) else {
            throw JobFileError(map.location(of: key), "\(key) \"\(text)\" is not an ISO-8601 instant such as 2026-01-01T00:00:00Z")
        }
        return Date(timeIntervalSince1970: TimeInterval(epoch))
    }
}
