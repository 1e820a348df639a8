import CivilTime
import Foundation

/// A schedule of pure elapsed time (`every: 90s`, optionally with `anchor:`): fires at
/// `anchor + k * period` for every integer k. No calendar, no zone, no daylight saving.
public struct IntervalSchedule: Schedule, Hashable {
    /// The period in seconds (> 0).
    public let period: Int64
    /// An instant the schedule fires at (seconds since the epoch); the epoch by default.
    public let anchor: Int64

    /// Creates an interval schedule.
    ///
    /// - Parameters:
    ///   - period: seconds between fires, at least 1.
    ///   - anchor: an instant (seconds since the epoch) the schedule fires at.
    /// - Throws: ``CronError`` with code ``CronError/Code/invalidInterval`` for a period below 1 s.
    public init(period: Int64, anchor: Int64 = 0) throws(CronError) {
        guard period > 0 else {
            throw CronError(
                .invalidInterval, field: nil, token: "\(period)", reason: "is not a positive number of seconds")
        }
        self.period = period
        self.anchor = anchor
    }

    /// Parses a duration such as `90s`, `15m`, `2h`, `1d` or `1h30m`.
    ///
    /// - Parameters:
    ///   - every: the duration; units `s`, `m`, `h`, `d`.
    ///   - anchor: an instant the schedule fires at; the epoch by default.
    /// - Throws: ``CronError`` with code ``CronError/Code/invalidInterval`` for anything else.
    public init(every: String, anchor: Date? = nil) throws(CronError) {
        let anchorSeconds = anchor.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? 0
        try self.init(period: try Self.seconds(every), anchor: anchorSeconds)
    }

    /// The duration in seconds of `90s`, `1h30m` and the like (``DurationText``).
    static func seconds(_ text: String) throws(CronError) -> Int64 {
        let invalid = CronError(
            .invalidInterval, field: nil, token: text, reason: "is not a duration like 90s, 15m, 2h, 1d or 1h30m"
        )
        guard let seconds = DurationText.seconds(text) else { throw invalid }
        return Int64(seconds)
    }

    /// The first fire strictly after `instant`.
    public func nextEpochSecond(after instant: Int64) -> Int64? {
        let k = CivilCalendar.floorDivide(instant - anchor, period) + 1
        let (product, overflow) = k.multipliedReportingOverflow(by: period)
        guard !overflow else { return nil }
        return anchor + product
    }
}
