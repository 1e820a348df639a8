/// What a step does: the one key of a step in a job file that names its kind (`command:` or `noop:`).
///
/// The launcher runs each kind through ``JobLauncher``'s step seam; a Swift step registered under the step's
/// name (``LaunchConfiguration/swiftSteps``) runs in place of any kind.
public enum StepKind: String, Sendable, Equatable, CaseIterable {
    /// Runs `command` in a child process (``CommandStepRunner``).
    case command
    /// Does nothing and completes at once, in process: a placeholder or join point (Airflow's EmptyOperator),
    /// and the like-for-like step when comparing with schedulers whose jobs are in-process functions.
    case noop

    /// The job-file keys that choose a kind.
    static let keys: [String] = allCases.map(\.rawValue)
}
