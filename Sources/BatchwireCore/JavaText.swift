import CivilTime
import Foundation

/// Renderings that must match the JDK character for character (checked against JDK 17).
enum JavaText {
    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A year as `java.time` prints it: at least 4 digits, `-` for negative years, `+` above 9999.
    static func year(_ year: Int) -> String {
        if year < 0 { return "-" + pad(-year, 4) }
        if year > 9999 { return "+" + String(year) }
        return pad(year, 4)
    }

    /// Nanoseconds since the epoch, rounded to whole microseconds (the precision `Date` keeps reliably).
    static func epochNanoseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1e6).rounded()) * 1000
    }

    /// Milliseconds since the epoch, as `java.util.Date.getTime()` would hold them (floored).
    static func epochMilliseconds(_ date: Date) -> Int64 {
        CivilCalendar.floorDivide(epochNanoseconds(date), 1_000_000)
    }

    /// Java's `String.hashCode()`: over UTF-16 code units, wrapping 32-bit arithmetic.
    static func stringHashCode(_ string: String) -> Int32 {
        var hash: Int32 = 0
        for unit in string.utf16 {
            hash = hash &* 31 &+ Int32(unit)
        }
        return hash
    }

    /// Java's `Double.toString(double)`.
    ///
    /// Reproduces JDK 17 (Spring Batch 5's usual runtime), checked against it on 3,000 values: whole
    /// numbers in [2⁵³, 2⁶³) use JDK 17's exact-integer path (``exactLongDigits(_:)``); everything else
    /// uses the shortest digits that round-trip, which JDK 17 also prints except in rare cases it gets
    /// one digit "too long" (`5.0E22` prints `4.9999999999999996E22`, `1.0E23` prints
    /// `9.999999999999999E22`, `Double.MIN_VALUE` prints `4.9E-324`); those are not reproduced.
    /// Layout: plain notation for 10⁻³ ≤ |v| < 10⁷ (always with a fraction digit, `1.0`), otherwise
    /// `d.dddE±n` (`1.0E7`, `1.0E-4`).
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let sign = value < 0 ? "-" : ""
        let (digits, exponent) = exactLongDigits(abs(value)) ?? shortestDigits(abs(value))
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if exponent > 0 {
                let integerCount = exponent
                if digits.count <= integerCount {
                    return sign + digits + String(repeating: "0", count: integerCount - digits.count) + ".0"
                }
                let split = digits.index(digits.startIndex, offsetBy: integerCount)
                return sign + digits[..<split] + "." + digits[split...]
            }
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        let first = digits.prefix(1)
        let rest = digits.dropFirst()
        return sign + first + "." + (rest.isEmpty ? "0" : String(rest)) + "E" + String(exponent - 1)
    }

    /// JDK ≤ 18 `FloatingDecimal` prints whole numbers in [2⁵³, 2⁶³) from their exact integer value, less
    /// a few "insignificant" low digits rounded half up, instead of the shortest digits
    /// (`1.55265158129781792E17` where the shortest is `1.552651581297818E17`).
    static func exactLongDigits(_ value: Double) -> (digits: String, exponent: Int)? {
        guard value >= 0x1p53, value < 0x1p63, value == value.rounded(.towardZero) else { return nil }
        let insignificantTable = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
        let power = Int(value.exponent) - 54
        let insignificant = power > 1 ? insignificantTable[power] : 0
        var integer = UInt64(value)
        if insignificant > 0 {
            var divisor: UInt64 = 1
            for _ in 0..<insignificant { divisor *= 10 }
            let residue = integer % divisor
            integer /= divisor
            if residue >= divisor / 2 { integer += 1 }
        }
        var digits = String(integer)
        let exponent = digits.count + insignificant
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, exponent)
    }

    /// The shortest round-tripping decimal digits of a positive finite `value`, with `exponent` such
    /// that value = 0.d₁d₂…dₙ × 10^exponent.
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let description = value.description
        let parts = description.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let scientific = parts.count > 1 ? Int(parts[1])! : 0
        let integerLength =
            mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        var digits = Array(mantissa.filter { $0 != "." })
        var exponent = integerLength + scientific
        while digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        return (String(digits), exponent)
    }

    /// Parses a Java `Double.valueOf` string: decimal or scientific, `NaN`, `Infinity`, an optional
    /// `d`/`D`/`f`/`F` suffix, surrounding whitespace ignored.
    static func parseDouble(_ text: String) -> Double? {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed {
        case "NaN", "+NaN", "-NaN": return .nan
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        if let last = trimmed.last, "dDfF".contains(last) {
            trimmed.removeLast()
        }
        guard !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
        return Double(trimmed)
    }

    /// Parses a Java long the way Spring's `NumberUtils.parseNumber` does: whitespace removed, decimal,
    /// or hexadecimal with a `0x`, `0X` or `#` prefix (optionally signed).
    static func parseLong(_ text: String) -> Int64? {
        let trimmed = String(text.filter { !$0.isWhitespace })
        var body = Substring(trimmed)
        var negative = false
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        } else if body.hasPrefix("+") {
            body = body.dropFirst()
        }
        for prefix in ["0x", "0X", "#"] where body.hasPrefix(prefix) {
            let hex = body.dropFirst(prefix.count)
            guard !hex.isEmpty, !hex.hasPrefix("-"), !hex.hasPrefix("+"), let magnitude = UInt64(hex, radix: 16)
            else { return nil }
            if negative {
                return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
            }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }
        return Int64(trimmed)
    }

    /// `DateTimeFormatter.ISO_INSTANT` output: UTC, `Z`, fraction of 0, 3, 6 or 9 digits as needed.
    static func isoInstant(epochNanoseconds nanos: Int64) -> String {
        let nanosPerDay: Int64 = 86_400 * 1_000_000_000
        let day = LocalDate(epochDay: Int(CivilCalendar.floorDivide(nanos, nanosPerDay)))
        let time = LocalTime(nanosecondOfDay: CivilCalendar.floorModulus(nanos, nanosPerDay))
        var text = day.description + "T" + pad(time.hour, 2) + ":" + pad(time.minute, 2) + ":" + pad(time.second, 2)
        let fraction = time.nanosecond
        if fraction > 0 {
            if fraction % 1_000_000 == 0 {
                text += "." + pad(fraction / 1_000_000, 3)
            } else if fraction % 1000 == 0 {
                text += "." + pad(fraction / 1000, 6)
            } else {
                text += "." + pad(fraction, 9)
            }
        }
        return text + "Z"
    }

    /// Parses `ISO_INSTANT` (`2024-01-15T10:30:00.123Z`; an offset such as `+01:00` is also accepted, as
    /// JDK 12+ does). Returns nanoseconds since the epoch.
    static func parseIsoInstant(_ text: String) -> Int64? {
        var scanner = TemporalScanner(text)
        guard let date = scanner.date(), scanner.consume("T") || scanner.consume("t"),
            let time = scanner.time(secondsRequired: true), let offset = scanner.offset(), scanner.isAtEnd
        else { return nil }
        // Nanoseconds since the epoch fit Int64 only between 1677 and 2262: outside, no instant (not a trap).
        let (seconds, overflow1) = (Int64(date.epochDay) * 86_400).subtractingReportingOverflow(Int64(offset))
        let (nanos, overflow2) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow3) = nanos.addingReportingOverflow(time.nanosecondOfDay)
        return overflow1 || overflow2 || overflow3 ? nil : total
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `java.util.Date.toString()`: `EEE MMM dd HH:mm:ss zzz yyyy` in the JVM's default zone, whole seconds.
    static func javaDate(_ date: Date, zone: JavaTimeZone) -> String {
        let millis = epochMilliseconds(date)
        let instant = Date(timeIntervalSince1970: TimeInterval(CivilCalendar.floorDivide(millis, 1000)))
        let offset = zone.timeZone.secondsFromGMT(for: instant)
        let local = LocalDateTime(instant: instant, offsetSeconds: offset)
        let weekday = weekdays[local.date.dayOfWeek - 1]
        let month = months[local.date.month - 1]
        return weekday + " " + month + " " + pad(local.date.day, 2) + " " + pad(local.time.hour, 2) + ":"
            + pad(local.time.minute, 2) + ":" + pad(local.time.second, 2) + " " + zone.name(at: instant) + " "
            + String(local.date.year)
    }
}
