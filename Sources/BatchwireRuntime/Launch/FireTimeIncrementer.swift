import BatchwireCore
import Foundation

/// The `fire-time` incrementer: the scheduled instant as the identifying parameter `fireTime`
/// (a `java.util.Date`, whole milliseconds).
///
/// It does not look at the previous parameters, so every node that fires the same slot computes the same
/// identifying parameters and meets on one instance: one launch wins, the others get
/// `jobExecutionAlreadyRunning` or `jobInstanceAlreadyComplete`. A run started by hand (no fire time)
/// takes the current second.
public struct FireTimeIncrementer: JobParametersIncrementer {
    /// The parameter's name (`fireTime`).
    public var key: String

    /// An incrementer.
    public init(key: String = "fireTime") {
        self.key = key
    }

    public func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters {
        let instant = context.fireTime ?? Date(timeIntervalSince1970: context.now.timeIntervalSince1970.rounded(.down))
        let millis = Int64((instant.timeIntervalSince1970 * 1000).rounded())
        return JobParameters().adding(key, .date(Date(timeIntervalSince1970: Double(millis) / 1000)))
    }
}
