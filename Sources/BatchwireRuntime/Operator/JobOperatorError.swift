import BatchwireCore
import BatchwireStore

/// An error from the ``JobOperator`` or the ``JobLauncher``: a Spring Batch rule that refused the call,
/// a missing job or execution, or a store failure.
///
/// Match on ``code``; ``springExceptionName`` names the exception Spring Batch 5 throws in the same case.
/// ``message`` says what happened and what to do.
public struct JobOperatorError: Error, Sendable, CustomStringConvertible {
    /// A matchable kind of operator error. Compare with `==`; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name, e.g. `noSuchJob`.
        public let description: String
        /// The fully-qualified name of the matching Spring Batch exception.
        public let springExceptionName: String

        private init(_ name: String, _ spring: String) {
            description = name
            springExceptionName = spring
        }

        /// Hashes the name only.
        public func hash(into hasher: inout Hasher) { hasher.combine(description) }
        /// Compares the names only.
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.description == rhs.description }

        private static let launch = "org.springframework.batch.core.launch."
        private static let repository = "org.springframework.batch.core.repository."

        /// No job of that name is registered (`NoSuchJobException`).
        public static let noSuchJob = Code("noSuchJob", launch + "NoSuchJobException")
        /// No execution has that id (`NoSuchJobExecutionException`).
        public static let noSuchJobExecution = Code("noSuchJobExecution", launch + "NoSuchJobExecutionException")
        /// No instance has that id (`NoSuchJobInstanceException`).
        public static let noSuchJobInstance = Code("noSuchJobInstance", launch + "NoSuchJobInstanceException")
        /// `start` found an instance for these parameters (`JobInstanceAlreadyExistsException`).
        public static let jobInstanceAlreadyExists = Code(
            "jobInstanceAlreadyExists", launch + "JobInstanceAlreadyExistsException")
        /// `stop` on an execution that is not STARTING or STARTED (`JobExecutionNotRunningException`).
        public static let jobExecutionNotRunning = Code(
            "jobExecutionNotRunning", launch + "JobExecutionNotRunningException")
        /// An execution of the instance runs (`JobExecutionAlreadyRunningException`); also `abandon` on a
        /// running or completed execution, as in Spring.
        public static let jobExecutionAlreadyRunning = Code(
            "jobExecutionAlreadyRunning", repository + "JobExecutionAlreadyRunningException")
        /// The instance is COMPLETED or ABANDONED (`JobInstanceAlreadyCompleteException`).
        public static let jobInstanceAlreadyComplete = Code(
            "jobInstanceAlreadyComplete", repository + "JobInstanceAlreadyCompleteException")
        /// The job is not restartable, or something ended UNKNOWN (`JobRestartException`).
        public static let jobRestart = Code("jobRestart", repository + "JobRestartException")
        /// A step ran as often as its start limit allows (`StartLimitExceededException`).
        public static let startLimitExceeded = Code(
            "startLimitExceeded", "org.springframework.batch.core.StartLimitExceededException")
        /// `startNextInstance` on a job whose incrementer is `none` (`JobParametersNotFoundException`).
        public static let jobParametersNotFound = Code(
            "jobParametersNotFound", launch + "JobParametersNotFoundException")
        /// Parameters that cannot be parsed or typed (`JobParametersInvalidException`).
        public static let jobParametersInvalid = Code(
            "jobParametersInvalid", "org.springframework.batch.core.JobParametersInvalidException")
        /// Inconsistent metadata (`IllegalStateException`).
        public static let illegalState = Code("illegalState", "java.lang.IllegalStateException")
        /// The database failed or stayed busy; see ``JobOperatorError/underlying``.
        public static let store = Code("store", "org.springframework.dao.DataAccessException")
    }

    /// What went wrong.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// The store, launch-rule or parameter error behind this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Makes an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The Spring Batch exception that matches.
    public var springExceptionName: String { code.springExceptionName }

    public var description: String { "\(code.springExceptionName): \(message)" }

    /// Converts any error of the store, the launch rules or the parameter parser.
    static func wrapping(_ error: any Error) -> JobOperatorError {
        switch error {
        case let error as JobOperatorError:
            return error
        case let error as StoreError:
            let code: Code =
                switch error.code {
                case .jobExecutionAlreadyRunning: .jobExecutionAlreadyRunning
                case .jobInstanceAlreadyComplete: .jobInstanceAlreadyComplete
                case .jobRestart: .jobRestart
                case .jobInstanceWithoutExecution: .illegalState
                case .noSuchJobExecution: .noSuchJobExecution
                case .noSuchJobInstance: .noSuchJobInstance
                case .noSuchJob: .noSuchJob
                default: .store
                }
            return JobOperatorError(code, error.message, underlying: error)
        case let error as JobLaunchError:
            let code: Code =
                switch error.code {
                case .jobExecutionAlreadyRunning: .jobExecutionAlreadyRunning
                case .jobInstanceAlreadyComplete: .jobInstanceAlreadyComplete
                case .jobRestart: .jobRestart
                case .startLimitExceeded: .startLimitExceeded
                default: .illegalState
                }
            return JobOperatorError(code, error.message, underlying: error)
        case let error as JobParameterError:
            return JobOperatorError(.jobParametersInvalid, error.description, underlying: error)
        default:
            return JobOperatorError(.illegalState, String(describing: error))
        }
    }

    /// Runs `body`, converting whatever it throws (store errors become `.store`, others keep their code).
    public static func converting<T>(_ body: () async throws -> T) async throws(JobOperatorError) -> T {
        do {
            return try await body()
        } catch {
            throw wrapping(error)
        }
    }
}
