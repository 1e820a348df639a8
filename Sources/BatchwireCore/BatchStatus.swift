/// The status of a job or step execution, Spring Batch's `BatchStatus`, stored by name in `STATUS`.
///
/// Cases are declared in Spring's order; comparison uses that order (the ordinal), so
/// `COMPLETED < STARTING < … < UNKNOWN`.
public enum BatchStatus: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case completed = "COMPLETED"
    case starting = "STARTING"
    case started = "STARTED"
    case stopping = "STOPPING"
    case stopped = "STOPPED"
    case failed = "FAILED"
    case abandoned = "ABANDONED"
    case unknown = "UNKNOWN"

    /// The position in Spring's declaration order (Java's `ordinal()`).
    public var ordinal: Int {
        Self.allCases.firstIndex(of: self)!
    }

    /// The name stored in the `STATUS` column.
    public var name: String { rawValue }

    public var description: String { rawValue }

    /// `STARTING`, `STARTED` and `STOPPING`: the statuses `findRunningJobExecutions` looks for.
    public var isRunning: Bool {
        self == .starting || self == .started || self == .stopping
    }

    /// `FAILED` or anything greater (`ABANDONED`, `UNKNOWN`).
    public var isUnsuccessful: Bool {
        self >= .failed
    }

    /// Spring's `upgradeTo`: the status moves forward only and a failure is never downgraded.
    ///
    /// If either side is greater than `STARTED` the result is the greater one; otherwise, if either side
    /// is `COMPLETED` the result is `COMPLETED`; otherwise the greater one.
    public func upgrade(to other: BatchStatus) -> BatchStatus {
        if self > .started || other > .started {
            return Swift.max(self, other)
        }
        if self == .completed || other == .completed {
            return .completed
        }
        return Swift.max(self, other)
    }

    /// Spring's `BatchStatus.max(a, b)`: the one with the greater ordinal.
    public static func max(_ lhs: BatchStatus, _ rhs: BatchStatus) -> BatchStatus {
        Swift.max(lhs, rhs)
    }

    /// Spring's `match(String)`: the first status (in declaration order) whose name is a prefix of
    /// `value`, else `COMPLETED`.
    public static func match(_ value: String) -> BatchStatus {
        allCases.first { value.hasPrefix($0.rawValue) } ?? .completed
    }

    /// Reads a `STATUS` column value (exact name, as Java's `BatchStatus.valueOf`).
    public init?(databaseValue: String) {
        self.init(rawValue: databaseValue)
    }

    public static func < (lhs: BatchStatus, rhs: BatchStatus) -> Bool {
        lhs.ordinal < rhs.ordinal
    }
}
