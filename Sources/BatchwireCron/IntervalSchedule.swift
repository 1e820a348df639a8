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

    /// The duration in seconds of `90s`, `1h30m` and the like.
    static func seconds(_ text: String) throws(CronError) -> Int64 {
        let invalid = CronError(
            .invalidInterval, field: nil, token: text, reason: "is not a duration like 90s, 15m, 2h, 1d or 1h30m"
        )
        var total: Int64 = 0
        var number: Int64? = nil
        for b in text.trimmingSpaces.utf8 {
            if b >= 0x30 && b <= 0x39 {
                let n = (number ?? 0) * 10 + Int64(b - 0x30)
                guard n < 1_000_000_000_000 else { throw invalid }
                number = n
                continue
            }
            guard let n = number else { throw invalid }
            switch b | 0x20 {
            case UInt8(ascii: "s"): total += n
            case UInt8(ascii: "m"): total += n * 60
            case UInt8(ascii: "h"): total += n * 3600
            case UInt8(ascii: "d"): total += n * 86_400
            default: throw invalid
            }
            number = nil
        }
        guard number == nil, total > 0 else { throw invalid }
        return total
    }

    /// The first fire strictly after `instant`.
    public func nextEpochSecond(after instant: Int64) -> Int64? {
        let k = CivilCalendar.floorDivide(instant - anchor, period) + 1
        let (product, overflow) = k.multipliedReportingOverflow(by: period)
        guard !overflow else { return nil }
        return anchor + product
    }
}
