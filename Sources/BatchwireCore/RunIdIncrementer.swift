/// Spring Batch's `RunIdIncrementer`: the next parameters are the previous ones plus `run.id` + 1.
///
/// All previous parameters, non-identifying ones included, are carried forward (intended behaviour
/// upstream, spring-batch #1938/#3683). Not safe against concurrent launchers: two launchers reading the
/// same last instance compute the same `run.id`; the repository's unique key then refuses one of them.
public struct RunIdIncrementer: Sendable, Hashable {
    /// The parameter name (Spring's `setKey`, default `run.id`).
    public var key: String
    /// 5.x makes the new `run.id` identifying; 6.x keeps the previous parameter's flag.
    public var rules: JobLaunchPolicy.Rules

    /// An incrementer.
    public init(key: String = "run.id", rules: JobLaunchPolicy.Rules = .v5) {
        self.key = key
        self.rules = rules
    }

    /// The parameters for the next instance.
    ///
    /// - Parameter previous: the last execution's parameters (empty if there is none; 5.x treats null as
    ///   empty).
    /// - Returns: a copy of `previous` with `key` set to a Long one above the previous value, or 1.
    /// - Throws: ``JobParameterError`` (`invalidIncrementerValue`) if the previous value's Java rendering
    ///   is not a long (Spring: `IllegalArgumentException("Invalid value for parameter run.id")`).
    public func next(after previous: JobParameters) throws(JobParameterError) -> JobParameters {
        var identifying = true
        var id: Int64 = 1
        if let current = previous[key] {
            guard let value = Int64(current.value.javaToString()), value < Int64.max else {
                throw JobParameterError(
                    code: .invalidIncrementerValue, parameterName: key,
                    message: "Invalid value for parameter \(key): the previous value is not a whole number; "
                        + "fix or drop it in the last execution's parameters, or start with explicit parameters")
            }
            id = value + 1
            if rules == .v6 {
                identifying = current.isIdentifying
            }
        }
        return previous.adding(key, .long(id), identifying: identifying)
    }
}
