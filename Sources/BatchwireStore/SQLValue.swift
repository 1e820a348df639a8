import BatchwireCore
import Foundation

/// A value bound to or read from either database, so repository SQL is written once.
enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    /// A Spring timestamp: wall-clock time without a zone, stored as is in `DATETIME(6)`.
    case wallClock(LocalDateTime)
    /// A Batchwire timestamp: an instant, stored as UTC in `DATETIME(6)`.
    case instant(Date)

    static func optional(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }
    static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func optional(_ value: LocalDateTime?) -> SQLValue { value.map { .wallClock($0) } ?? .null }
    static func optional(_ value: Date?) -> SQLValue { value.map { .instant($0) } ?? .null }
}

/// Conversions between wall-clock values and the drivers' representations.
enum WallClockCodec {
    /// The `Date` whose UTC fields are the wall-clock fields (how MySQL's client binds `DATETIME`).
    static func utcFields(_ value: LocalDateTime) -> Date {
        value.truncatedToMicroseconds.instant(offsetSeconds: 0)
    }

    /// The wall-clock value whose fields are `date`'s UTC fields, rounded to the microsecond.
    static func wallClock(utcFields date: Date) -> LocalDateTime {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let perDay: Int64 = 86_400_000_000
        var day = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            day -= 1
        }
        let second = Int(rest / 1_000_000)
        let time = LocalTime(hour: second / 3600, minute: second / 60 % 60, second: second % 60,
                             nanosecond: Int(rest % 1_000_000) * 1000)!
        return LocalDateTime(date: LocalDate(epochDay: Int(day)), time: time)
    }

    /// `yyyy-MM-dd HH:mm:ss.SSSSSS`, what MySQL prints for `DATETIME(6)` and what SQLite stores.
    static func text(_ value: LocalDateTime) -> String {
        let v = value.truncatedToMicroseconds
        func pad(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(v.date.year, 4))-\(pad(v.date.month, 2))-\(pad(v.date.day, 2)) "
            + "\(pad(v.time.hour, 2)):\(pad(v.time.minute, 2)):\(pad(v.time.second, 2)).\(pad(v.time.nanosecond / 1000, 6))"
    }
}
