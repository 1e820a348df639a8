import BatchwireCore

/// The `run-id` incrementer: Spring Batch 5's `RunIdIncrementer`. It copies every previous parameter
/// (identifying or not) and sets `run.id` to the previous value plus one (1 at first), identifying.
///
/// Two launchers that compute the next instance at the same moment get the same `run.id`; one of them
/// then fails. Use ``SequenceIncrementer`` when several nodes may start the same job at once.
public struct RunIDIncrementer: JobParametersIncrementer {
    /// The parameter's name (`run.id`).
    public var key: String
    /// Whether to drop the previous non-identifying parameters instead of carrying them (Spring carries
    /// them; issues #1938 and #3683).
    public var dropsNonIdentifying: Bool

    /// An incrementer.
    public init(key: String = "run.id", dropsNonIdentifying: Bool = false) {
        self.key = key
        self.dropsNonIdentifying = dropsNonIdentifying
    }

    public func next(after previous: JobParameters, context: IncrementerContext) async throws -> JobParameters {
        let base = dropsNonIdentifying ? previous.identifying : previous
        return try RunIdIncrementer(key: key).next(after: base)
    }
}
