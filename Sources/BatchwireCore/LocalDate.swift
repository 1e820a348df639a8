import CivilTime

/// A date without a time zone, like `java.time.LocalDate` (proleptic Gregorian calendar).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (may be negative or above 9999, as in `java.time`).
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 31.
    public let day: Int

    /// A date, or `nil` if the fields do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (-999_999_999...999_999_999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `epochDay` days after 1970-01-01 (`LocalDate.ofEpochDay`).
    public init(epochDay: Int) {
        let civil = CivilCalendar.date(days: Int64(epochDay))
        year = civil.year
        month = civil.month
        day = civil.day
    }

    /// Days since 1970-01-01 (`LocalDate.toEpochDay`).
    public var epochDay: Int {
        Int(CivilCalendar.days(year: year, month: month, day: day))
    }

    /// The ISO day of week, 1 (Monday) to 7 (Sunday).
    public var dayOfWeek: Int {
        CivilCalendar.isoDayOfWeek(days: Int64(epochDay))
    }

    /// The ISO-8601 rendering `uuuu-MM-dd`, which is both Java's `toString()` and `ISO_LOCAL_DATE`.
    public var description: String {
        JavaText.year(year) + "-" + JavaText.pad(month, 2) + "-" + JavaText.pad(day, 2)
    }

    /// Parses `ISO_LOCAL_DATE` (`2024-01-15`; years beyond 9999 need a `+` sign).
    ///
    /// - Parameter text: the text to parse.
    /// - Returns: the date, or `nil` if `text` is not a valid ISO local date.
    public init?(iso text: String) {
        var scanner = TemporalScanner(text)
        guard let date = scanner.date(), scanner.isAtEnd else { return nil }
        self = date
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
