import CivilTime
import Foundation

/// The one place that turns event instants into text and back: ISO-8601 in UTC with exactly three
/// fraction digits (`2026-01-15T02:30:00.000Z`), as `docs/events.md` specifies.
///
/// Instants are kept to whole milliseconds (rounded to the nearest), so an event decoded from its JSON
/// equals the event that was encoded.
package enum EventTimestamp {
    /// `date` rounded to the nearest whole millisecond.
    package static func normalized(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest.
    package static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `2026-01-15T02:30:00.000Z`.
    package static func format(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(24)
        appendFormatted(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``format(_:)``'s text as UTF-8, without making a `String` (for JSON writing).
    package static func appendFormatted(_ date: Date, to text: inout [UInt8]) {
        let millis = milliseconds(date)
        let millisPerDay: Int64 = 86_400_000
        let day = LocalDate(epochDay: Int(CivilCalendar.floorDivide(millis, millisPerDay)))
        let time = LocalTime(nanosecondOfDay: CivilCalendar.floorModulus(millis, millisPerDay) * 1_000_000)
        appendPadded(day.year, 4, to: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(day.month, 2, to: &text)
        text.append(UInt8(ascii: "-"))
        appendPadded(day.day, 2, to: &text)
        text.append(UInt8(ascii: "T"))
        appendPadded(time.hour, 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendPadded(time.minute, 2, to: &text)
        text.append(UInt8(ascii: ":"))
        appendPadded(time.second, 2, to: &text)
        text.append(UInt8(ascii: "."))
        appendPadded(time.nanosecond / 1_000_000, 3, to: &text)
        text.append(UInt8(ascii: "Z"))
    }

    /// Parses an ISO-8601 instant with seconds and an offset (`Z` or `+01:00`), any number of fraction
    /// digits; the result is rounded to the millisecond.
    package static func parse(_ text: String) -> Date? {
        guard let nanos = JavaText.parseIsoInstant(text) else { return nil }
        let seconds = CivilCalendar.floorDivide(nanos, 1_000_000_000)
        let fraction = CivilCalendar.floorModulus(nanos, 1_000_000_000)
        let millis = seconds * 1000 + (fraction + 500_000) / 1_000_000
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits (a negative value keeps
    /// its sign first in the digits and is padded in front, as `String` padding would).
    private static func appendPadded(_ value: Int, _ width: Int, to text: inout [UInt8]) {
        guard value >= 0 else {
            let digits = String(value).utf8
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - digits.count)))
            text.append(contentsOf: digits)
            return
        }
        var divisor = 1
        var count = 1
        while divisor <= value / 10 {
            divisor *= 10
            count += 1
        }
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - count)))
        var rest = value
        while divisor > 0 {
            text.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
