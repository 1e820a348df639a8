/// Why a launch or restart is refused, carrying the Spring Batch exception it corresponds to.
///
/// Messages start with Spring's wording and then say what to do; they name the job and execution ids
/// but never parameter values.
public struct JobLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal, one per Spring exception.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The Spring Batch 5 exception class (fully qualified).
        public let springExceptionName: String
        private let name: String

        private init(_ name: String, _ springExceptionName: String) {
            self.name = name
            self.springExceptionName = springExceptionName
        }

        /// An execution of the instance is STARTING, STARTED or STOPPING.
        public static let jobExecutionAlreadyRunning = Code(
            "jobExecutionAlreadyRunning",
            "org.springframework.batch.core.repository.JobExecutionAlreadyRunningException")
        /// The instance already completed (or was abandoned) with identifying parameters.
        public static let jobInstanceAlreadyComplete = Code(
            "jobInstanceAlreadyComplete",
            "org.springframework.batch.core.repository.JobInstanceAlreadyCompleteException")
        /// The instance may not be restarted (job not restartable, or an UNKNOWN execution or step).
        public static let jobRestart = Code(
            "jobRestart", "org.springframework.batch.core.repository.JobRestartException")
        /// A step was started as often as its start limit allows.
        public static let startLimitExceeded = Code(
            "startLimitExceeded", "org.springframework.batch.core.StartLimitExceededException")
        /// The metadata is inconsistent (an instance without any execution).
        public static let illegalState = Code("illegalState", "java.lang.IllegalStateException")

        public var description: String { name }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// The kind of refusal.
    public let code: Code
    /// The message: Spring's wording, then what to do.
    public let message: String

    /// An error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The Spring Batch exception class name.
    public var springExceptionName: String { code.springExceptionName }

    public var description: String { "\(code.springExceptionName): \(message)" }
}
