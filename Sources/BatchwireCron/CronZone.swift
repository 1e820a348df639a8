import Foundation
import Synchronization

/// A time zone for schedules: an IANA name read from the system time-zone database
/// (`/usr/share/zoneinfo`, or `$TZDIR`), or a fixed offset such as `+05:30`.
///
/// Each zone file is parsed once into a table of offset transitions and cached for the life of
/// the process, so looking up an offset is a binary search, not a Foundation `Calendar` call.
public struct CronZone: Sendable, Hashable, CustomStringConvertible {
    /// The name as given (`Europe/Berlin`, `+05:30`, `UTC`).
    public let identifier: String
    let rules: ZoneRules

    /// UTC.
    public static let utc = CronZone(identifier: "UTC", rules: ZoneRules(fixed: 0))

    init(identifier: String, rules: ZoneRules) {
        self.identifier = identifier
        self.rules = rules
    }

    /// Looks up a zone.
    ///
    /// - Parameter identifier: an IANA name (`America/New_York`), `UTC`/`Z`/`GMT`, or a fixed offset
    ///   `+HH:MM`, `-HH:MM`, `+HHMM` or `+HH`.
    /// - Throws: ``CronError`` with code ``CronError/Code/unknownZone`` when the name is not in the
    ///   time-zone database or the file cannot be read.
    public init(_ identifier: String) throws(CronError) {
        if ["UTC", "Z", "GMT", "utc"].contains(identifier) {
            self = CronZone(identifier: identifier == "Z" ? "UTC" : identifier, rules: CronZone.utc.rules)
            return
        }
        if let offset = Self.fixedOffset(identifier) {
            self.init(identifier: identifier, rules: ZoneRules(fixed: offset))
            return
        }
        if let cached = zoneCache.withLock({ $0[identifier] }) {
            self.init(identifier: identifier, rules: cached)
            return
        }
        let rules = try Self.load(identifier)
        zoneCache.withLock { $0[identifier] = rules }
        self.init(identifier: identifier, rules: rules)
    }

    /// The offset from UTC in seconds (east positive) at an instant given in seconds since the epoch.
    public func offset(atEpochSecond instant: Int64) -> Int {
        Int(rules.offset(at: instant))
    }

    /// The offset from UTC in seconds (east positive) at `date`.
    public func offset(at date: Date) -> Int {
        offset(atEpochSecond: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public var description: String { identifier }

    public static func == (lhs: CronZone, rhs: CronZone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// `+HH:MM`, `-HH:MM`, `+HHMM`, `+HH` → seconds east of UTC.
    static func fixedOffset(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count >= 3, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") else { return nil }
        let digits = b.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            b.count == 3 || (b.count == 6 && b[3] == UInt8(ascii: ":"))
                || (b.count == 5 && !b.contains(UInt8(ascii: ":")))
        else { return nil }
        let values = digits.map { Int($0 - 0x30) }
        let hours = values[0] * 10 + values[1]
        let minutes = digits.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 18, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return b[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    private static func load(_ identifier: String) throws(CronError) -> ZoneRules {
        let allowed = identifier.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
                || b == UInt8(ascii: "/") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
        }
        guard allowed, !identifier.isEmpty, !identifier.hasPrefix("/"), !identifier.contains("..") else {
            throw CronError(.unknownZone, field: nil, token: identifier, reason: "is not a time zone name")
        }
        let directory = ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo"
        guard let data = FileManager.default.contents(atPath: directory + "/" + identifier) else {
            throw CronError(
                .unknownZone, field: nil, token: identifier, reason: "is not in the time-zone database at \(directory)")
        }
        do {
            return try TZif.rules(from: [UInt8](data))
        } catch {
            throw CronError(.unknownZone, field: nil, token: identifier, reason: "is not a readable TZif file")
        }
    }
}

/// Parsed zones by name; a zone file is read once per process.
private let zoneCache = Mutex<[String: ZoneRules]>([:])
