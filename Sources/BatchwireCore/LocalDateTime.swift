import CivilTime
import Foundation

/// A date and time without a time zone, like `java.time.LocalDateTime`.
///
/// Spring Batch stamps executions with `LocalDateTime.now()` (JVM-local wall-clock time, no zone) and
/// stores them in `DATETIME(6)` columns, so Batchwire uses this type for every execution timestamp.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The date part.
    public let date: LocalDate
    /// The time part.
    public let time: LocalTime

    /// Combines a date and a time.
    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// A date-time from its fields, or `nil` if they do not name a real instant of the calendar.
    public init?(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0
    ) {
        guard let date = LocalDate(year: year, month: month, day: day),
            let time = LocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        else { return nil }
        self.init(date: date, time: time)
    }

    /// The wall-clock time of `instant` at a fixed offset from UTC.
    public init(instant: Date, offsetSeconds: Int) {
        let nanos = JavaText.epochNanoseconds(instant) + Int64(offsetSeconds) * 1_000_000_000
        let nanosPerDay: Int64 = 86_400 * 1_000_000_000
        let day = CivilCalendar.floorDivide(nanos, nanosPerDay)
        self.init(
            date: LocalDate(epochDay: Int(day)),
            time: LocalTime(nanosecondOfDay: CivilCalendar.floorModulus(nanos, nanosPerDay)))
    }

    /// The wall-clock time of `instant` in `timeZone` (what `LocalDateTime.ofInstant` gives).
    public init(instant: Date, in timeZone: TimeZone) {
        self.init(instant: instant, offsetSeconds: timeZone.secondsFromGMT(for: instant))
    }

    /// The current wall-clock time in `timeZone`, cut to microseconds (what `DATETIME(6)` keeps).
    ///
    /// - Parameters:
    ///   - timeZone: the zone whose wall clock to read; Spring uses the JVM's default zone.
    ///   - now: the current instant (injectable for tests).
    public static func now(in timeZone: TimeZone = .current, at now: Date = Date()) -> LocalDateTime {
        LocalDateTime(instant: now, in: timeZone).truncatedToMicroseconds
    }

    /// The instant this wall-clock time names in `timeZone` (the earlier one in a DST overlap).
    public func instant(in timeZone: TimeZone) -> Date {
        let naive = instant(offsetSeconds: 0)
        var offset = timeZone.secondsFromGMT(for: naive)
        let adjusted = naive.addingTimeInterval(TimeInterval(-offset))
        offset = timeZone.secondsFromGMT(for: adjusted)
        return instant(offsetSeconds: offset)
    }

    /// The instant this wall-clock time names at a fixed offset from UTC.
    public func instant(offsetSeconds: Int) -> Date {
        let seconds =
            Int64(date.epochDay) * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + time.second)
            - Int64(offsetSeconds)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(time.nanosecond) / 1e9)
    }

    /// This date-time with nanoseconds cut to whole microseconds.
    public var truncatedToMicroseconds: LocalDateTime {
        LocalDateTime(date: date, time: time.truncatedToMicroseconds)
    }

    /// Java's `LocalDateTime.toString()` (`2024-01-15T10:30`, `2024-01-15T10:30:05.500`): zero seconds
    /// are dropped and the fraction is printed in groups of three digits. This is what JOB_KEY uses.
    public var description: String {
        date.description + "T" + time.description
    }

    /// `DateTimeFormatter.ISO_LOCAL_DATE_TIME` output (`2024-01-15T10:30:00`, `…:05.5`), which is how
    /// Spring stores a LocalDateTime job parameter in `PARAMETER_VALUE`.
    public var isoString: String {
        date.description + "T" + time.isoString
    }

    /// Parses `ISO_LOCAL_DATE_TIME` (`2024-01-15T10:30`, `2024-01-15T10:30:05.123456`).
    ///
    /// - Parameter text: the text to parse.
    /// - Returns: the date-time, or `nil` if `text` is not a valid ISO local date-time.
    public init?(iso text: String) {
        var scanner = TemporalScanner(text)
        guard let date = scanner.date(), scanner.consume("T"), let time = scanner.time(secondsRequired: false),
            scanner.isAtEnd
        else { return nil }
        self.init(date: date, time: time)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }
}
