/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01, day 0, like
/// `java.time`'s `LocalDate.toEpochDay()`), after Howard Hinnant's `days_from_civil` and `civil_from_days`.
///
/// The one copy for every module that turns dates into numbers and back: the MySQL and SQLite clients
/// (`DATETIME(6)` values), the cron engine (next fire times, time zone rules) and the domain core
/// (`LocalDate`, `LocalDateTime`, event timestamps). No allocation, no Foundation, no time zone database,
/// so results are the same on every machine.
///
/// Every function is `@inlinable`: the cron engine calls them in its inner loop, and across a module
/// boundary a plain call would cost more than the arithmetic (`swift run -c release CronBenchmark`).
package enum CivilCalendar {
    /// Seconds in a civil day (no leap seconds).
    @inlinable
    package static var secondsPerDay: Int64 { 86_400 }

    /// The day number of a calendar date (Howard Hinnant's `days_from_civil`).
    ///
    /// - Parameters:
    ///   - year: the proleptic Gregorian year (0 is 1 BC; negative years are allowed).
    ///   - month: 1 to 12.
    ///   - day: the day of the month; values past the month's end count on into the next month.
    /// - Returns: days since 1970-01-01, negative before it.
    @inlinable
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number (Howard Hinnant's `civil_from_days`).
    ///
    /// - Parameter days: days since 1970-01-01, negative before it.
    /// - Returns: the year, the month (1 to 12) and the day of the month (1 to 31).
    @inlinable
    package static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Whether `year` has a February 29.
    @inlinable
    package static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month.
    ///
    /// - Parameters:
    ///   - year: the year (for February).
    ///   - month: 1 to 12; check the range first, other values are a programming error.
    @inlinable
    package static func daysInMonth(year: Int, month: Int) -> Int {
        if month == 2 { return isLeapYear(year) ? 29 : 28 }
        // Bit `month - 1` is set for the 31-day months: Jan, Mar, May, Jul, Aug, Oct, Dec.
        return (0b1010_1101_0101 >> (month - 1)) & 1 == 1 ? 31 : 30
    }

    /// The day of week of a day number, 0 (Sunday) to 6 (Saturday), as cron counts.
    @inlinable
    package static func weekday(days: Int64) -> Int {
        let remainder = (days + 4) % 7  // 1970-01-01 was a Thursday.
        return Int(remainder < 0 ? remainder + 7 : remainder)
    }

    /// The ISO day of week of a day number, 1 (Monday) to 7 (Sunday), as `java.time` counts.
    @inlinable
    package static func isoDayOfWeek(days: Int64) -> Int {
        let sundayBased = weekday(days: days)
        return sundayBased == 0 ? 7 : sundayBased
    }

    /// Floor division (rounds toward negative infinity), for instants before 1970.
    @inlinable
    package static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Floor modulus: the remainder of ``floorDivide(_:_:)``, in `0..<divisor` for a positive divisor.
    @inlinable
    package static func floorModulus(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDivide(value, divisor) * divisor
    }
}
