import BatchwireCore
import BatchwireStore

/// The `sequence` incrementer: like Spring's `DataFieldMaxValueJobParametersIncrementer`, `run.id` comes
/// from a database sequence, so concurrent launches on any number of nodes get distinct values.
///
/// The sequence is a row per value in Batchwire's key table (`<prefix>BW_COMMAND_KEY`, keys
/// `sequence/<job>/<n>`): claiming a value is an insert that only one caller can win, and a loser tries
/// the next value. It starts above the previous `run.id`, so it never goes back even if old keys are purged.
/// Previous parameters are carried as ``RunIDIncrementer`` carries them.
public struct SequenceIncrementer: JobParametersIncrementer {
    /// The parameter's name (`run.id`).
    public var key: String
    /// Whether to drop the previous non-identifying parameters.
    public var dropsNonIdentifying: Bool
    /// How many taken values to skip before giving up.
    public var maximumAttempts: Int

    /// An incrementer.
    public init(key: String = "run.id", dropsNonIdentifying: Bool = false, maximumAttempts: Int = 100_000) {
        self.key = key
        self.dropsNonIdentifying = dropsNonIdentifying
        self.maximumAttempts = maximumAttempts
    }

    public func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters {
        let base = dropsNonIdentifying ? previous.identifying : previous
        var candidate = (previous[key].flatMap { Int64($0.value.javaToString()) } ?? 0) + 1
        for _ in 0..<maximumAttempts {
            let claim = try await context.store.state.claimCommand(
                key: "sequence/\(context.jobName)/\(candidate)", at: context.now)
            if claim == .claimed {
                return base.adding(key, .long(candidate))
            }
            candidate += 1
        }
        throw JobOperatorError(
            .illegalState,
            "the sequence of job '\(context.jobName)' found \(maximumAttempts) values taken in a row after "
                + "\(candidate - Int64(maximumAttempts)); check the job's last run.id")
    }
}
