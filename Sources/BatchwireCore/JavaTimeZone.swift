import Foundation

/// The JVM default time zone that a Java `Date.toString()` rendering depends on.
///
/// Spring Batch 5 puts `Date.toString()` (for example `Mon Jan 15 10:30:00 UTC 2024`) into the JOB_KEY
/// pre-image of a `java.util.Date` parameter, so the key depends on the zone of the JVM that computed it
/// and on Java's short zone name. Foundation's abbreviations differ from Java's (`GMT+1` vs `CET`), so
/// the names are given here explicitly; without them Java's form for unnamed zones (`GMT+03:00`) is used.
public struct JavaTimeZone: Sendable, Hashable {
    /// The zone whose wall-clock time is printed.
    public var timeZone: TimeZone
    /// Java's short name outside daylight saving time (`UTC`, `CET`, `EST`).
    public var standardName: String?
    /// Java's short name during daylight saving time (`CEST`, `EDT`).
    public var daylightName: String?

    /// A zone with Java's short names for it.
    ///
    /// - Parameters:
    ///   - timeZone: the zone.
    ///   - standardName: Java's short name outside DST, or `nil` for the `GMT±hh:mm` form.
    ///   - daylightName: Java's short name during DST, or `nil` for the `GMT±hh:mm` form.
    public init(timeZone: TimeZone, standardName: String?, daylightName: String? = nil) {
        self.timeZone = timeZone
        self.standardName = standardName
        self.daylightName = daylightName
    }

    /// UTC, printed `UTC` (a JVM started with `-Duser.timezone=UTC` or `TZ=UTC`).
    public static let utc = JavaTimeZone(timeZone: TimeZone(identifier: "UTC")!, standardName: "UTC")

    /// GMT, printed `GMT`.
    public static let gmt = JavaTimeZone(timeZone: TimeZone(identifier: "GMT")!, standardName: "GMT")

    /// The short name Java prints for `instant`.
    public func name(at instant: Date) -> String {
        let name = timeZone.isDaylightSavingTime(for: instant) ? daylightName : standardName
        if let name { return name }
        let offset = timeZone.secondsFromGMT(for: instant)
        let minutes = abs(offset) / 60
        return "GMT" + (offset < 0 ? "-" : "+") + JavaText.pad(minutes / 60, 2) + ":" + JavaText.pad(minutes % 60, 2)
    }
}
