import Foundation

/// Settings shared by every command step a ``CommandStepRunner`` runs.
public struct CommandStepConfiguration: Sendable {
    /// Where each attempt's `.stdout.log` and `.stderr.log` files are written. Created if missing.
    public var logDirectory: URL
    /// Where the `BATCH_STEP_CONTEXT_FILE` files live; the log directory unless set.
    public var contextDirectory: URL?
    /// How long a process gets between SIGTERM and SIGKILL when it is stopped or times out (default 10 s).
    public var terminationGracePeriod: Duration = .seconds(10)
    /// The waits between retries.
    public var retryBackoff = RetryBackoff()
    /// How many bytes of the end of each of stderr and stdout go into the exit description (default 2,048).
    public var tailBytes = 2048
    /// How many lines of the end of each stream go into the exit description at most (default 40).
    public var tailLines = 40
    /// Put the output tail in the description of completed steps too (default: only on failure and stop).
    public var tailOnSuccess = false
    /// The environment every step starts from, before its own variables are added. Defaults to this
    /// process's environment; set `[:]` to start steps from a clean environment.
    public var baseEnvironment: [String: String] = ProcessInfo.processInfo.environment
    /// The largest context file read back, in bytes (default 1 MiB).
    public var maximumContextFileSize = 1 << 20
    /// The program each step is started through so that it dies with this node (``StepSupervisor``);
    /// `nil` starts steps directly.
    public var supervisor: String? = StepSupervisor.located

    /// A configuration with defaults.
    ///
    /// - Parameter logDirectory: where step output is written.
    public init(logDirectory: URL) {
        self.logDirectory = logDirectory
    }
}
