import CivilTime
import Foundation

extension JobParameter.Value {
    /// The value as Java's `toString()` renders it, which is what the JOB_KEY pre-image contains.
    ///
    /// Note the differences from ``databaseValue``: a `LocalDateTime` drops zero seconds
    /// (`2024-01-15T10:30`), and a `Date` renders as `Date.toString()` in the given JVM zone, in whole
    /// seconds (`Mon Jan 15 10:30:00 UTC 2024`).
    ///
    /// - Parameter zone: the JVM default time zone, only used for `java.util.Date` values.
    public func javaToString(zone: JavaTimeZone = .utc) -> String {
        switch self {
        case .string(let string): string
        case .long(let long): String(long)
        case .double(let double): JavaText.double(double)
        case .date(let date): JavaText.javaDate(date, zone: zone)
        case .localDate(let date): date.description
        case .localDateTime(let dateTime): dateTime.description
        case .integer(let integer): String(integer)
        case .boolean(let boolean): boolean ? "true" : "false"
        case .localTime(let time): time.description
        }
    }

    /// The text Spring 5 (≥ 5.0.1) stores in `BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE`.
    ///
    /// `Date` is `ISO_INSTANT` (`2024-01-15T10:30:00.123Z`), `LocalDate`/`LocalDateTime`/`LocalTime` are
    /// `ISO_LOCAL_*` (seconds always present, fraction trimmed), numbers and booleans are `toString()`.
    public var databaseValue: String {
        switch self {
        case .string(let string): string
        case .long(let long): String(long)
        case .double(let double): JavaText.double(double)
        case .date(let date): JavaText.isoInstant(epochNanoseconds: JavaText.epochMilliseconds(date) * 1_000_000)
        case .localDate(let date): date.description
        case .localDateTime(let dateTime): dateTime.isoString
        case .integer(let integer): String(integer)
        case .boolean(let boolean): boolean ? "true" : "false"
        case .localTime(let time): time.isoString
        }
    }

    /// Converts stored or typed-in text to a value of `kind`, as Spring's conversion service does.
    ///
    /// - Parameters:
    ///   - text: a `PARAMETER_VALUE` or the value part of a command-line parameter.
    ///   - kind: the target type.
    ///   - name: the parameter name, for the error message.
    /// - Throws: ``JobParameterError`` with code `invalidValue` if the text does not convert.
    public init(parsing text: String, as kind: JobParameter.Kind, name: String? = nil) throws(JobParameterError) {
        func invalid(_ expected: String) -> JobParameterError {
            JobParameterError(
                code: .invalidValue, parameterName: name,
                message: "the value is not a valid \(kind.javaClassName); expected \(expected)")
        }
        switch kind {
        case .string:
            self = .string(text)
        case .long:
            guard let long = JavaText.parseLong(text) else { throw invalid("a 64-bit integer such as 42") }
            self = .long(long)
        case .integer:
            guard let long = JavaText.parseLong(text), let integer = Int32(exactly: long) else {
                throw invalid("a 32-bit integer such as 42")
            }
            self = .integer(integer)
        case .double:
            guard let double = JavaText.parseDouble(text) else { throw invalid("a number such as 1.5 or 1.0E7") }
            self = .double(double)
        case .boolean:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "on", "yes", "1": self = .boolean(true)
            case "false", "off", "no", "0": self = .boolean(false)
            default: throw invalid("true or false")
            }
        case .date:
            guard let nanos = JavaText.parseIsoInstant(text) else {
                throw invalid("an ISO-8601 instant such as 2024-01-15T10:30:00.123Z")
            }
            let millis = CivilCalendar.floorDivide(nanos, 1_000_000)
            self = .date(millisecondsSince1970: millis)
        case .localDate:
            guard let date = LocalDate(iso: text) else { throw invalid("an ISO-8601 date such as 2024-01-15") }
            self = .localDate(date)
        case .localDateTime:
            guard let dateTime = LocalDateTime(iso: text) else {
                throw invalid("an ISO-8601 local date-time such as 2024-01-15T10:30:00")
            }
            self = .localDateTime(dateTime)
        case .localTime:
            guard let time = LocalTime(iso: text) else { throw invalid("an ISO-8601 local time such as 10:30:00") }
            self = .localTime(time)
        }
    }
}

extension JobParameter {
    /// `PARAMETER_TYPE`: the Java class name (`java.lang.String`, `java.time.LocalDate`, …).
    public var databaseType: String { kind.javaClassName }

    /// `PARAMETER_VALUE`: see ``JobParameter/Value/databaseValue``.
    public var databaseValue: String { value.databaseValue }

    /// `IDENTIFYING`: `"Y"` or `"N"`.
    public var databaseIdentifying: String { isIdentifying ? "Y" : "N" }

    /// Decodes one `BATCH_JOB_EXECUTION_PARAMS` row as Spring wrote it.
    ///
    /// - Parameters:
    ///   - databaseType: `PARAMETER_TYPE`, a Java class name.
    ///   - databaseValue: `PARAMETER_VALUE` (a NULL reads as the empty string).
    ///   - databaseIdentifying: `IDENTIFYING`; compared case-insensitively with `Y`, as Spring does.
    ///   - name: `PARAMETER_NAME`, for error messages.
    /// - Throws: ``JobParameterError`` (`unknownType` or `invalidValue`).
    public init(
        databaseType: String, databaseValue: String?, databaseIdentifying: String, name: String? = nil
    ) throws(JobParameterError) {
        guard let kind = Kind(javaClassName: databaseType) else {
            throw JobParameterError(
                code: .unknownType, parameterName: name,
                message: "PARAMETER_TYPE '\(databaseType)' is not supported; supported types are "
                    + Kind.allCases.map(\.javaClassName).joined(separator: ", "))
        }
        let value = try Value(parsing: databaseValue ?? "", as: kind, name: name)
        self.init(value, identifying: databaseIdentifying.caseInsensitiveCompare("Y") == .orderedSame)
    }

    /// Spring 5's `JobParameter.toString()`: `{value=foo, type=class java.lang.String, identifying=true}`.
    ///
    /// - Parameter zone: the JVM default time zone, only used for `java.util.Date` values.
    public func springDescription(zone: JavaTimeZone = .utc) -> String {
        "{value=\(value.javaToString(zone: zone)), type=class \(kind.javaClassName), identifying=\(isIdentifying)}"
    }

    /// Spring 6's record `toString()`:
    /// `JobParameter{name='run.id', value=1, type=class java.lang.Long, identifying=true}`.
    ///
    /// - Parameters:
    ///   - name: the parameter's name (part of the record in 6.x).
    ///   - zone: the JVM default time zone, only used for `java.util.Date` values.
    public func spring6Description(name: String, zone: JavaTimeZone = .utc) -> String {
        "JobParameter{name='\(name)', value=\(value.javaToString(zone: zone)), type=class \(kind.javaClassName), "
            + "identifying=\(isIdentifying)}"
    }
}
