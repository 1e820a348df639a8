import BatchwireCore
import BatchwireStore
import Foundation

/// Makes the parameters of a job's next instance, as Spring Batch's `JobParametersIncrementer` does;
/// ``JobOperator/startNextInstance(jobName:fireTime:)`` calls it.
///
/// Batchwire ships ``RunIDIncrementer`` (`run-id`), ``SequenceIncrementer`` (`sequence`) and
/// ``FireTimeIncrementer`` (`fire-time`). Library users give their own to the ``JobOperator``:
///
/// ```swift
/// struct DailyIncrementer: JobParametersIncrementer {
///     func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters {
///         previous.adding("day", .localDate(LocalDate(instant: context.now)))
///     }
/// }
/// let jobOperator = JobOperator(launcher: launcher, registry: registry, incrementers: ["daily-job": DailyIncrementer()])
/// ```
public protocol JobParametersIncrementer: Sendable {
    /// The next instance's parameters.
    ///
    /// - Parameters:
    ///   - previous: every parameter (identifying or not) of the last execution of the job's newest
    ///     instance, as Spring passes them; empty when the job never ran.
    ///   - context: the job, the scheduled instant, the store and the time.
    /// - Returns: the parameters; the identifying ones decide the instance.
    /// - Throws: any error, which refuses the launch.
    func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters
}

/// What an incrementer may use besides the previous parameters.
public struct IncrementerContext: Sendable {
    /// The job's name.
    public var jobName: String
    /// The scheduled instant when a schedule fires the run; `nil` for a run started by hand.
    public var fireTime: Date?
    /// The metadata store (for database sequences).
    public var store: MetadataStore
    /// The current time.
    public var now: Date

    /// A context.
    public init(jobName: String, fireTime: Date?, store: MetadataStore, now: Date) {
        self.jobName = jobName
        self.fireTime = fireTime
        self.store = store
        self.now = now
    }
}
