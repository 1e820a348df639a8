/// A Spring Batch rule or lookup that refused a call, with the Spring Batch 5 exception it corresponds to.
///
/// The one list of these codes: ``JobLaunchError/Code`` (the launch and restart rules) and the runtime's
/// `JobOperatorError.Code` are this type, so a refusal keeps its code on its way up. Compare with `==`
/// (by name); new codes may be added.
public struct BatchErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The code's name, e.g. `noSuchJob`.
    public let description: String
    /// The fully-qualified name of the matching Spring Batch exception.
    public let springExceptionName: String

    private init(_ name: String, _ springExceptionName: String) {
        description = name
        self.springExceptionName = springExceptionName
    }

    /// Hashes the name only.
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
    /// Compares the names only.
    public static func == (lhs: BatchErrorCode, rhs: BatchErrorCode) -> Bool { lhs.description == rhs.description }

    private static let core = "org.springframework.batch.core."
    private static let launch = core + "launch."
    private static let repository = core + "repository."

    /// No job of that name is registered (`NoSuchJobException`).
    public static let noSuchJob = BatchErrorCode("noSuchJob", launch + "NoSuchJobException")
    /// No execution has that id (`NoSuchJobExecutionException`).
    public static let noSuchJobExecution = BatchErrorCode("noSuchJobExecution", launch + "NoSuchJobExecutionException")
    /// No instance has that id (`NoSuchJobInstanceException`).
    public static let noSuchJobInstance = BatchErrorCode("noSuchJobInstance", launch + "NoSuchJobInstanceException")
    /// `start` found an instance for these parameters (`JobInstanceAlreadyExistsException`).
    public static let jobInstanceAlreadyExists = BatchErrorCode(
        "jobInstanceAlreadyExists", launch + "JobInstanceAlreadyExistsException")
    /// `stop` on an execution that is not STARTING or STARTED (`JobExecutionNotRunningException`).
    public static let jobExecutionNotRunning = BatchErrorCode(
        "jobExecutionNotRunning", launch + "JobExecutionNotRunningException")
    /// An execution of the instance is STARTING, STARTED or STOPPING (`JobExecutionAlreadyRunningException`);
    /// also `abandon` on a running or completed execution, as in Spring.
    public static let jobExecutionAlreadyRunning = BatchErrorCode(
        "jobExecutionAlreadyRunning", repository + "JobExecutionAlreadyRunningException")
    /// The instance already completed (or was abandoned) with identifying parameters
    /// (`JobInstanceAlreadyCompleteException`).
    public static let jobInstanceAlreadyComplete = BatchErrorCode(
        "jobInstanceAlreadyComplete", repository + "JobInstanceAlreadyCompleteException")
    /// The instance may not be restarted: the job is not restartable, or an execution or step ended UNKNOWN
    /// (`JobRestartException`).
    public static let jobRestart = BatchErrorCode("jobRestart", repository + "JobRestartException")
    /// A step was started as often as its start limit allows (`StartLimitExceededException`).
    public static let startLimitExceeded = BatchErrorCode(
        "startLimitExceeded", core + "StartLimitExceededException")
    /// `startNextInstance` on a job whose incrementer is `none` (`JobParametersNotFoundException`).
    public static let jobParametersNotFound = BatchErrorCode(
        "jobParametersNotFound", launch + "JobParametersNotFoundException")
    /// Parameters that cannot be parsed or typed (`JobParametersInvalidException`).
    public static let jobParametersInvalid = BatchErrorCode(
        "jobParametersInvalid", core + "JobParametersInvalidException")
    /// The metadata is inconsistent, e.g. an instance without any execution (`IllegalStateException`).
    public static let illegalState = BatchErrorCode("illegalState", "java.lang.IllegalStateException")
    /// The database failed or stayed busy (`DataAccessException`); the error's underlying error says how.
    public static let store = BatchErrorCode("store", "org.springframework.dao.DataAccessException")
}
