/// Why an expression, zone or interval was rejected.
///
/// The message names the field, the offending token and the reason, for example
/// `day-of-month: "32" is out of range 1-31`. Match on ``code`` rather than on the text.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; stable for matching in code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String

        /// A value lies outside its field's range.
        public static let outOfRange = Code(name: "outOfRange")
        /// A token could not be read (unknown name, stray character, empty item).
        public static let syntax = Code(name: "syntax")
        /// A range whose start is after its end.
        public static let reversedRange = Code(name: "reversedRange")
        /// A step of zero, or one the dialect does not allow.
        public static let invalidStep = Code(name: "invalidStep")
        /// The expression has the wrong number of fields.
        public static let fieldCount = Code(name: "fieldCount")
        /// `L`, `W`, `#`, `?` or `H` used where it has no meaning.
        public static let misplaced = Code(name: "misplaced")
        /// The expression is well formed but can never fire.
        public static let neverFires = Code(name: "neverFires")
        /// An unknown or unreadable time zone.
        public static let unknownZone = Code(name: "unknownZone")
        /// An unreadable interval (`every:`) or anchor.
        public static let invalidInterval = Code(name: "invalidInterval")

        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// The field the problem is in, or `nil` when it concerns the whole expression.
    public let field: CronField?
    /// The offending token (or the whole expression).
    public let token: String
    /// Why the token was rejected, in words.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, field: CronField?, token: String, reason: String) {
        self.code = code
        self.field = field
        self.token = token
        self.reason = reason
    }

    /// `field: "token" reason`, e.g. `day-of-month: "32" is out of range 1-31`.
    public var description: String {
        if let field {
            return "\(field.displayName): \"\(token)\" \(reason)"
        }
        return "\"\(token)\" \(reason)"
    }
}
