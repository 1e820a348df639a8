import CivilTime
import Foundation

/// Dates as `yyyy-MM-dd HH:mm:ss.SSSSSS` text in UTC, the form of MySQL's `DATETIME(6)`.
///
/// Hand-written rather than a `DateFormatter`: formatters stop at milliseconds, are costly to make
/// and are not `Sendable`. The calendar arithmetic is Howard Hinnant's `days_from_civil` and
/// `civil_from_days` (proleptic Gregorian, UTC, no leap seconds).
enum SQLiteDateFormat {
    private static let microsPerSecond: Int64 = 1_000_000
    /// 0001-01-01 00:00:00 UTC, in microseconds since 1970.
    private static let minMicros: Int64 = -62_135_596_800 * 1_000_000
    /// 9999-12-31 23:59:59.999999 UTC, in microseconds since 1970.
    private static let maxMicros: Int64 = 253_402_300_800 * 1_000_000 - 1

    /// Formats `date` rounded to the nearest microsecond, clamped to years 1 through 9999.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let micros: Int64
        if seconds.isNaN {
            micros = 0
        } else {
            let scaled = (seconds * Double(microsPerSecond)).rounded()
            micros = scaled <= Double(minMicros) ? minMicros : scaled >= Double(maxMicros) ? maxMicros : Int64(scaled)
        }
        let wholeSeconds = CivilCalendar.floorDivide(micros, microsPerSecond)
        let fraction = CivilCalendar.floorModulus(micros, microsPerSecond)
        let days = CivilCalendar.floorDivide(wholeSeconds, CivilCalendar.secondsPerDay)
        let secondOfDay = CivilCalendar.floorModulus(wholeSeconds, CivilCalendar.secondsPerDay)
        let (year, month, day) = CivilCalendar.date(days: days)
        var text = ""
        text.reserveCapacity(26)
        append(Int64(year), width: 4, to: &text)
        text.append("-")
        append(Int64(month), width: 2, to: &text)
        text.append("-")
        append(Int64(day), width: 2, to: &text)
        text.append(" ")
        append(secondOfDay / 3600, width: 2, to: &text)
        text.append(":")
        append(secondOfDay / 60 % 60, width: 2, to: &text)
        text.append(":")
        append(secondOfDay % 60, width: 2, to: &text)
        text.append(".")
        append(fraction, width: 6, to: &text)
        return text
    }

    /// Parses `yyyy-MM-dd HH:mm:ss[.f…][Z]` (or with `T` between date and time) as UTC.
    /// Fraction digits past the sixth are rounded away. Returns `nil` for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
            (1...12).contains(month), (1...CivilCalendar.daysInMonth(year: Int(year), month: Int(month))).contains(Int(day)),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var index = 19
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            var roundUp = false
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                if digits < 6 {
                    micros = micros * 10 + digit
                } else if digits == 6 {
                    roundUp = digit >= 5
                }
                digits += 1
                index += 1
            }
            guard (1...9).contains(digits) else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
            if roundUp { micros += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "Z") { index += 1 }
        guard index == bytes.count else { return nil }

        let days = CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day))
        let seconds = days * CivilCalendar.secondsPerDay + hour * 3600 + minute * 60 + second
        let total = seconds * microsPerSecond + micros
        return Date(timeIntervalSince1970: Double(total) / Double(microsPerSecond))
    }

    // MARK: Digits

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
    }

    private static func digitValue(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<start + count {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
