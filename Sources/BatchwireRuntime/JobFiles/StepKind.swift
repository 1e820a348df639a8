/// What a step does: the one key of a step in a job file that names its kind (`command:`, `http:`, `mqtt:`,
/// `noop:` or `swift:`).
///
/// The launcher runs each kind through ``JobLauncher``'s step seam. A Swift step registered under the step's
/// own name (``LaunchConfiguration/swiftSteps``) still runs in place of any kind, as before `swift:` existed.
public enum StepKind: String, Sendable, Equatable, CaseIterable {
    /// Runs `command` in a child process (``CommandStepRunner``).
    case command
    /// Calls a URL in process (``HTTPStepRunner``); the settings are ``StepDefinition/http``.
    case http
    /// Publishes a message through the node's broker connection and, if asked, waits for the answer
    /// (``MQTTStepRunner``); the settings are ``StepDefinition/mqtt``.
    case mqtt
    /// Does nothing and completes at once, in process: a placeholder or join point (Airflow's EmptyOperator),
    /// and the like-for-like step when comparing with schedulers whose jobs are in-process functions.
    case noop
    /// Runs the ``SwiftStep`` registered under ``StepDefinition/swiftStepName`` when Batchwire is used as a
    /// library.
    case swift

    /// The job-file keys that choose a kind.
    static let keys: [String] = allCases.map(\.rawValue)

    /// Whether the kind runs in this process (no child process, no log files of its own).
    public var isInProcess: Bool { self != .command }
}
