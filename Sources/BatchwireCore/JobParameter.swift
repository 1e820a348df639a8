import Foundation

/// One typed job parameter, identifying or not, as Spring Batch 5's `JobParameter<T>` holds it.
///
/// Identifying parameters take part in the JOB_KEY and so decide which `JobInstance` a launch belongs
/// to; non-identifying ones are only stored with the execution.
public struct JobParameter: Sendable, Hashable {
    /// The typed value, one case per Java class Spring stores in `PARAMETER_TYPE`.
    public enum Value: Sendable, Hashable {
        /// `java.lang.String`.
        case string(String)
        /// `java.lang.Long`.
        case long(Int64)
        /// `java.lang.Double`.
        case double(Double)
        /// `java.util.Date`: an instant with millisecond precision (finer parts are dropped when rendered).
        case date(Date)
        /// `java.time.LocalDate`.
        case localDate(LocalDate)
        /// `java.time.LocalDateTime`.
        case localDateTime(LocalDateTime)
        /// `java.lang.Integer` (Spring stores it; Batchwire reads and writes it).
        case integer(Int32)
        /// `java.lang.Boolean`.
        case boolean(Bool)
        /// `java.time.LocalTime`.
        case localTime(LocalTime)
    }

    /// The value's type, named as Spring names it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case string = "java.lang.String"
        case long = "java.lang.Long"
        case double = "java.lang.Double"
        case date = "java.util.Date"
        case localDate = "java.time.LocalDate"
        case localDateTime = "java.time.LocalDateTime"
        case integer = "java.lang.Integer"
        case boolean = "java.lang.Boolean"
        case localTime = "java.time.LocalTime"

        /// The fully-qualified Java class name, as stored in `PARAMETER_TYPE` (`Class.getName()`).
        public var javaClassName: String { rawValue }

        /// The kind for a `PARAMETER_TYPE` class name, or `nil` if Batchwire does not handle it.
        public init?(javaClassName: String) {
            self.init(rawValue: javaClassName)
        }
    }

    /// The typed value.
    public var value: Value
    /// Whether the parameter takes part in the JOB_KEY (Spring's default is `true`).
    public var isIdentifying: Bool

    /// A parameter.
    ///
    /// - Parameters:
    ///   - value: the typed value.
    ///   - identifying: whether it identifies the job instance (default `true`, as in Spring).
    public init(_ value: Value, identifying: Bool = true) {
        self.value = value
        self.isIdentifying = identifying
    }

    /// The value's type.
    public var kind: Kind { value.kind }
}

extension JobParameter.Value {
    /// The value's type.
    public var kind: JobParameter.Kind {
        switch self {
        case .string: .string
        case .long: .long
        case .double: .double
        case .date: .date
        case .localDate: .localDate
        case .localDateTime: .localDateTime
        case .integer: .integer
        case .boolean: .boolean
        case .localTime: .localTime
        }
    }

    /// A `java.util.Date` value from milliseconds since the epoch (`new Date(millis)`).
    public static func date(millisecondsSince1970 millis: Int64) -> Self {
        .date(Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
    }
}
