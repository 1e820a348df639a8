/// A time of day without a time zone, like `java.time.LocalTime`, with nanosecond precision.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The hour, 0 to 23.
    public let hour: Int
    /// The minute, 0 to 59.
    public let minute: Int
    /// The second, 0 to 59.
    public let second: Int
    /// The nanosecond of the second, 0 to 999,999,999.
    public let nanosecond: Int

    /// A time, or `nil` if a field is out of range.
    public init?(hour: Int, minute: Int, second: Int = 0, nanosecond: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999_999_999).contains(nanosecond)
        else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// The time `nanosecondOfDay` nanoseconds after midnight.
    init(nanosecondOfDay: Int64) {
        let seconds = Int(nanosecondOfDay / 1_000_000_000)
        hour = seconds / 3600
        minute = seconds / 60 % 60
        second = seconds % 60
        nanosecond = Int(nanosecondOfDay % 1_000_000_000)
    }

    /// Midnight.
    public static let midnight = LocalTime(nanosecondOfDay: 0)

    /// Nanoseconds since midnight.
    public var nanosecondOfDay: Int64 {
        Int64((hour * 60 + minute) * 60 + second) * 1_000_000_000 + Int64(nanosecond)
    }

    /// This time with the nanoseconds cut to whole microseconds (what a `DATETIME(6)` column keeps).
    public var truncatedToMicroseconds: LocalTime {
        LocalTime(nanosecondOfDay: nanosecondOfDay - Int64(nanosecond % 1000))
    }

    /// Java's `LocalTime.toString()`: `HH:mm`, then `:ss` only if seconds or nanoseconds are non-zero,
    /// then a fraction of 3, 6 or 9 digits if nanoseconds are non-zero (`10:30`, `10:30:05.500`).
    public var description: String {
        var text = JavaText.pad(hour, 2) + ":" + JavaText.pad(minute, 2)
        if second > 0 || nanosecond > 0 {
            text += ":" + JavaText.pad(second, 2)
            if nanosecond > 0 {
                if nanosecond % 1_000_000 == 0 {
                    text += "." + JavaText.pad(nanosecond / 1_000_000, 3)
                } else if nanosecond % 1000 == 0 {
                    text += "." + JavaText.pad(nanosecond / 1000, 6)
                } else {
                    text += "." + JavaText.pad(nanosecond, 9)
                }
            }
        }
        return text
    }

    /// `DateTimeFormatter.ISO_LOCAL_TIME` output: seconds always, fraction with trailing zeros trimmed
    /// (`10:30:00`, `10:30:05.5`).
    public var isoString: String {
        var text = JavaText.pad(hour, 2) + ":" + JavaText.pad(minute, 2) + ":" + JavaText.pad(second, 2)
        if nanosecond > 0 {
            var digits = JavaText.pad(nanosecond, 9)
            while digits.hasSuffix("0") {
                digits.removeLast()
            }
            text += "." + digits
        }
        return text
    }

    /// Parses `ISO_LOCAL_TIME`: `HH:mm`, optionally `:ss` and a fraction of 1 to 9 digits.
    ///
    /// - Parameter text: the text to parse.
    /// - Returns: the time, or `nil` if `text` is not a valid ISO local time.
    public init?(iso text: String) {
        var scanner = TemporalScanner(text)
        guard let time = scanner.time(secondsRequired: false), scanner.isAtEnd else { return nil }
        self = time
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.nanosecondOfDay < rhs.nanosecondOfDay
    }
}
