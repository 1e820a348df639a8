import Foundation

/// Timestamps as the metadata tables hold them, read and written as UTC.
///
/// serve runs with `TZ=UTC`, so Spring's wall-clock columns (`CREATE_TIME`, `START_TIME`, written in the
/// process's zone) and Batchwire's instant columns (`FIRE_TIME`, always UTC) are both UTC here. A
/// `java.util.Date` parameter (`fireTime`) is stored as an ISO instant, `2026-01-15T10:30:00.123Z`.
enum UTCText {
    /// Parses `yyyy-MM-dd HH:mm:ss[.ffffff]` (a `DATETIME(6)` as MySQL prints it and SQLite stores it) or
    /// `yyyy-MM-ddTHH:mm:ss[.fff]Z` (an ISO instant) as UTC; `nil` for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction = 0.0
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "Z") { index += 1 }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// `yyyy-MM-dd HH:mm:ss.ffffff` in UTC: a literal both MySQL and SQLite compare with `DATETIME(6)` values.
    static func sql(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, rest) = floorDivide(micros, 86_400_000_000)
        let (year, month, day) = civilFromDays(Int(days))
        let second = Int(rest / 1_000_000)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day, second / 3600, second / 60 % 60,
            second % 60, Int(rest % 1_000_000))
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, whole seconds: the `start:` of a job file.
    static func iso(_ date: Date) -> String {
        let (year, month, day, hour, minute, second) = fields(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second)
    }

    /// The UTC calendar fields of `date`, whole seconds.
    static func fields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, rest) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        let second = Int(rest)
        return (year, month, day, second / 3600, second / 60 % 60, second % 60)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
