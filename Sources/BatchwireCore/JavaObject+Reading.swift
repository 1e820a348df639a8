import Foundation

extension JavaObject {
    /// What Batchwire understands of a Java object of a common JDK class.
    public enum Reading: Sendable, Hashable, CustomStringConvertible {
        /// `java.util.Date`: milliseconds since 1970-01-01T00:00Z.
        case date(epochMilliseconds: Int64)
        /// `java.sql.Timestamp`: whole seconds since the epoch (as milliseconds) plus nanoseconds.
        case timestamp(epochMilliseconds: Int64, nanos: Int32)
        /// `java.time.LocalDate`.
        case localDate(LocalDate)
        /// `java.time.LocalDateTime`.
        case localDateTime(LocalDateTime)
        /// `java.time.LocalTime`.
        case localTime(LocalTime)
        /// `java.time.Instant`.
        case instant(epochSeconds: Int64, nanos: Int32)
        /// `java.time.OffsetDateTime`.
        case offsetDateTime(LocalDateTime, offsetSeconds: Int32)
        /// `java.time.ZonedDateTime`: local time, offset and zone id (`Europe/Berlin`, or the offset).
        case zonedDateTime(LocalDateTime, offsetSeconds: Int32, zone: String)
        /// `java.time.Duration`.
        case duration(seconds: Int64, nanos: Int32)
        /// `java.math.BigDecimal`, as its `toString()`.
        case decimal(String)
        /// `java.math.BigInteger`, in decimal.
        case bigInteger(String)
        /// A constant of a Java enum, by name.
        case enumConstant(String)
        /// `java.lang.Character` (a UTF-16 code unit).
        case character(UInt16)
        /// `java.lang.Short`.
        case short(Int16)
        /// `java.lang.Byte`.
        case byte(Int8)
        /// `java.lang.Float`.
        case float(Float)
        /// `ArrayList`, `LinkedList` or `List.of(…)`: the elements in order.
        case list([ExecutionContext.Value?])
        /// `HashSet`, `LinkedHashSet` or `Set.of(…)`: the elements in serialized order.
        case set([ExecutionContext.Value?])
        /// `HashMap`, `LinkedHashMap`, `TreeMap` or `Map.of(…)`: the entries in serialized order.
        case map([MapEntry])

        /// One entry of a ``map(_:)``; `nil` stands for Java `null`.
        public struct MapEntry: Sendable, Hashable {
            public let key: ExecutionContext.Value?
            public let value: ExecutionContext.Value?
        }

        /// Whether everything inside is readable too.
        public var isReadable: Bool { unreadableClassNames.isEmpty }

        /// The classes of the unreadable objects inside (for collections).
        public var unreadableClassNames: [String] {
            var names: [String] = []
            func add(_ value: ExecutionContext.Value?) {
                if case .java(let object) = value {
                    names += object.unreadableClassNames
                }
            }
            switch self {
            case .list(let elements), .set(let elements): elements.forEach(add)
            case .map(let entries):
                entries.forEach {
                    add($0.key)
                    add($0.value)
                }
            default: break
            }
            return names
        }

        public var description: String {
            func text(_ value: ExecutionContext.Value?) -> String { value?.javaDescription ?? "null" }
            switch self {
            case .date(let millis):
                return JavaText.javaDate(Date(timeIntervalSince1970: Double(millis) / 1000), zone: .utc)
            case .timestamp(let millis, let nanos):
                let local = LocalDateTime(
                    instant: Date(timeIntervalSince1970: Double(millis.dividedFloor(by: 1000))), offsetSeconds: 0)
                var fraction = JavaText.pad(Int(nanos), 9)
                while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
                let time = local.time
                return "\(local.date) \(JavaText.pad(time.hour, 2)):\(JavaText.pad(time.minute, 2)):"
                    + "\(JavaText.pad(time.second, 2)).\(fraction)"
            case .localDate(let date): return date.description
            case .localDateTime(let dateTime): return dateTime.description
            case .localTime(let time): return time.description
            case .instant(let seconds, let nanos):
                let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
                return overflow
                    ? "\(seconds)s+\(nanos)ns" : JavaText.isoInstant(epochNanoseconds: product + Int64(nanos))
            case .offsetDateTime(let dateTime, let offset):
                return dateTime.description + Self.offsetID(offset)
            case .zonedDateTime(let dateTime, let offset, let zone):
                let id = Self.offsetID(offset)
                return dateTime.description + id + (zone == id ? "" : "[\(zone)]")
            case .duration(let seconds, let nanos): return Self.durationText(seconds: seconds, nanos: nanos)
            case .decimal(let text), .bigInteger(let text), .enumConstant(let text): return text
            case .character(let unit): return String(decoding: [unit], as: UTF16.self)
            case .short(let value): return String(value)
            case .byte(let value): return String(value)
            case .float(let value): return "\(value)"
            case .list(let elements), .set(let elements): return "[" + elements.map(text).joined(separator: ", ") + "]"
            case .map(let entries):
                return "{" + entries.map { text($0.key) + "=" + text($0.value) }.joined(separator: ", ") + "}"
            }
        }

        /// Java's `ZoneOffset.getId()`: `Z`, `+02:00`, `-05:30:15`.
        static func offsetID(_ offset: Int32) -> String {
            guard offset != 0 else { return "Z" }
            let total = Int(abs(offset))
            var id = (offset < 0 ? "-" : "+") + JavaText.pad(total / 3600, 2) + ":" + JavaText.pad(total / 60 % 60, 2)
            if total % 60 != 0 { id += ":" + JavaText.pad(total % 60, 2) }
            return id
        }

        /// Java's `Duration.toString()`: `PT1M30.000000005S`.
        static func durationText(seconds: Int64, nanos: Int32) -> String {
            if seconds == 0 && nanos == 0 { return "PT0S" }
            let wholeSeconds = nanos > 0 && seconds < 0 ? seconds + 1 : seconds
            let hours = wholeSeconds / 3600
            let minutes = (wholeSeconds % 3600) / 60
            let secs = wholeSeconds % 60
            var text = "PT"
            if hours != 0 { text += "\(hours)H" }
            if minutes != 0 { text += "\(minutes)M" }
            if secs == 0 && nanos == 0 && text.count > 2 { return text }
            if seconds < 0 && nanos > 0 && secs == 0 { text += "-0" } else { text += "\(secs)" }
            if nanos > 0 {
                var fraction = JavaText.pad(Int(seconds < 0 ? 1_000_000_000 - nanos : nanos), 9)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
            return text + "S"
        }
    }
}

extension ExecutionContext.Value {
    /// The value as Java's `toString()` renders it (a `Date` in UTC); unreadable objects as
    /// `<unreadable class-name>`.
    public var javaDescription: String {
        switch self {
        case .string(let string): string
        case .long(let long): String(long)
        case .integer(let integer): String(integer)
        case .double(let double): JavaText.double(double)
        case .boolean(let boolean): boolean ? "true" : "false"
        case .java(let object): object.description
        }
    }
}

extension Int64 {
    fileprivate func dividedFloor(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
