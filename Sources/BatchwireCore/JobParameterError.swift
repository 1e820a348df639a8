/// A job parameter that cannot be parsed, encoded or decoded.
///
/// The `description` names the parameter but never repeats its value (values may be secrets).
public struct JobParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The text is not in any accepted `name=value` notation.
        public static let invalidNotation = Code("invalidNotation")
        /// The type is not one Batchwire stores (see ``JobParameter/Kind``).
        public static let unknownType = Code("unknownType")
        /// The value cannot be converted to the declared type.
        public static let invalidValue = Code("invalidValue")
        /// The identifying flag is neither `true` nor `false`.
        public static let invalidIdentifyingFlag = Code("invalidIdentifyingFlag")
        /// The parameter name is empty.
        public static let emptyName = Code("emptyName")
        /// A `run.id`-style incrementer found a value it cannot increment.
        public static let invalidIncrementerValue = Code("invalidIncrementerValue")

        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// The parameter's name, when known.
    public let parameterName: String?
    /// What happened and what to do about it.
    public let message: String

    /// An error with a code, the parameter it concerns and a message that says what to do.
    public init(code: Code, parameterName: String?, message: String) {
        self.code = code
        self.parameterName = parameterName
        self.message = message
    }

    public var description: String {
        if let parameterName {
            return "JobParameterError.\(code) for parameter '\(parameterName)': \(message)"
        }
        return "JobParameterError.\(code): \(message)"
    }
}
