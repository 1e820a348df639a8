internal import CMariaDB
import CivilTime
import Foundation

/// Conversion between `Date` and the C client's `MYSQL_TIME`, in UTC with microseconds.
///
/// Pure arithmetic (the proleptic Gregorian calendar, as MySQL uses, from `CivilTime`), no time zone
/// database and no `gmtime`, so it is the same on every machine.
enum MySQLTime {
    /// The fields of a UTC date-time with microseconds.
    struct Fields: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int
    }

    /// Splits a date into UTC fields, rounding to the nearest microsecond.
    static func fields(from date: Date) -> Fields {
        let totalMicroseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let microsecondsPerDay: Int64 = 86_400_000_000
        let days = CivilCalendar.floorDivide(totalMicroseconds, microsecondsPerDay)
        let microsecondOfDay = CivilCalendar.floorModulus(totalMicroseconds, microsecondsPerDay)
        let (year, month, day) = CivilCalendar.date(days: days)
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
        let days = CivilCalendar.days(year: fields.year, month: fields.month, day: fields.day)
        let seconds = days * CivilCalendar.secondsPerDay + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
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
}
