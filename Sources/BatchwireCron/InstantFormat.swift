import CivilTime

/// ISO-8601 instants with an explicit offset: `2026-03-08T03:00:00-04:00`.
public enum InstantFormat {
    /// Formats an instant (seconds since the epoch) at a UTC offset (seconds east).
    public static func string(epochSecond instant: Int64, offset: Int) -> String {
        let local = instant + Int64(offset)
        let day = CivilCalendar.floorDivide(local, CivilCalendar.secondsPerDay)
        let seconds = Int(local - day * CivilCalendar.secondsPerDay)
        let date = CivilCalendar.date(days: day)
        var out = pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
        out += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        let magnitude = abs(offset)
        out += (offset < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { out += ":" + pad(magnitude % 60, 2) }
        return out
    }

    /// Formats an instant with the zone's real offset at that instant.
    public static func string(epochSecond instant: Int64, in zone: CronZone) -> String {
        string(epochSecond: instant, offset: zone.offset(atEpochSecond: instant))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM` (or `±HHMM`, `±HH`) into
    /// seconds since the epoch (fractions are truncated toward the past). Without an offset the
    /// time is read as local time in `zone` (the first occurrence if it is repeated); `nil` if
    /// it is not such a string.
    public static func epochSecond(parsing text: String, zone: CronZone = .utc) -> Int64? {
        let b = Array(text.trimmingSpaces.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var n = 0
            for i in at..<(at + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let y = digits(0, 4), b.count >= 16, b[4] == UInt8(ascii: "-"), let mo = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let d = digits(8, 2), b[10] | 0x20 == UInt8(ascii: "t") || b[10] == 0x20,
            let h = digits(11, 2), b[13] == UInt8(ascii: ":"), let mi = digits(14, 2),
            (1...12).contains(mo), d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: mo), h < 24, mi < 60
        else { return nil }
        var i = 16
        var s = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let sec = digits(i + 1, 2), sec < 60 else { return nil }
            s = sec
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            }
        }
        let local =
            CivilCalendar.days(year: y, month: mo, day: d) * CivilCalendar.secondsPerDay
            + Int64(h * 3600 + mi * 60 + s)
        if i == b.count {
            return zone.rules.instant(ofLocal: local)
        }
        if b[i] | 0x20 == UInt8(ascii: "z") && i + 1 == b.count { return local }
        guard let offset = CronZone.fixedOffset(String(decoding: b[i...], as: UTF8.self)) else { return nil }
        return local - Int64(offset)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
