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
        let millis = milliseconds(date)
        let millisPerDay: Int64 = 86_400_000
        let day = LocalDate(epochDay: Int(CivilCalendar.floorDivide(millis, millisPerDay)))
        let time = LocalTime(nanosecondOfDay: CivilCalendar.floorModulus(millis, millisPerDay) * 1_000_000)
        return pad(day.year, 4) + "-" + pad(day.month, 2) + "-" + pad(day.day, 2) + "T" + pad(time.hour, 2) + ":"
            + pad(time.minute, 2) + ":" + pad(time.second, 2) + "." + pad(time.nanosecond / 1_000_000, 3) + "Z"
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

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
