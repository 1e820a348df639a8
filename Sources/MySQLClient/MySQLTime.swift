internal import CMariaDB
import Foundation

/// Conversion between `Date` and the C client's `MYSQL_TIME`, in UTC with microseconds.
///
/// Pure arithmetic (the proleptic Gregorian calendar, as MySQL uses), no time zone database and
/// no `gmtime`, so it is the same on every machine.
enum MySQLTime {
    /// The fields of a UTC date-time with microseconds.
    struct Fields: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int
    }

    /// Splits a date into UTC fields, rounding to the nearest microsecond.
    static func fields(from date: Date) -> Fields {
        let totalMicroseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, microsecondOfDay) = floorDivide(totalMicroseconds, 86_400_000_000)
        let (year, month, day) = civil(fromDays: days)
        let secondOfDay = microsecondOfDay / 1_000_000
        return Fields(
            year: year,
            month: month,
            day: day,
            hour: Int(secondOfDay / 3600),
            minute: Int(secondOfDay % 3600 / 60),
            second: Int(secondOfDay % 60),
            microsecond: Int(microsecondOfDay % 1_000_000)
        )
    }

    /// Joins UTC fields into a date.
    static func date(from fields: Fields) -> Date {
        let days = daysFromCivil(year: fields.year, month: fields.month, day: fields.day)
        let seconds = days * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
        return Date(timeIntervalSince1970: Double(seconds) + Double(fields.microsecond) / 1_000_000)
    }

    /// A `MYSQL_TIME` for binding `date` as a `DATETIME(6)` parameter.
    static func mysqlTime(from date: Date) -> MYSQL_TIME {
        let parts = fields(from: date)
        var time = MYSQL_TIME()
        time.year = UInt32(clamping: parts.year)
        time.month = UInt32(parts.month)
        time.day = UInt32(parts.day)
        time.hour = UInt32(parts.hour)
        time.minute = UInt32(parts.minute)
        time.second = UInt32(parts.second)
        time.second_part = UInt(parts.microsecond)
        time.neg = 0
        time.time_type = MYSQL_TIMESTAMP_DATETIME
        return time
    }

    /// The date a fetched `DATETIME`, `TIMESTAMP` or `DATE` value stands for; `nil` for the zero date.
    static func date(from time: MYSQL_TIME) -> Date? {
        if time.year == 0 && time.month == 0 && time.day == 0 { return nil }
        return date(
            from: Fields(
                year: Int(time.year),
                month: Int(max(time.month, 1)),
                day: Int(max(time.day, 1)),
                hour: Int(time.hour),
                minute: Int(time.minute),
                second: Int(time.second),
                microsecond: Int(time.second_part)
            )
        )
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Days since 1970-01-01 for a Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
