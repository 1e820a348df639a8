/// Why a launch or restart is refused, carrying the Spring Batch exception it corresponds to.
///
/// Messages start with Spring's wording and then say what to do; they name the job and execution ids
/// but never parameter values.
public struct JobLaunchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal: the launch rules use `.jobExecutionAlreadyRunning`, `.jobInstanceAlreadyComplete`,
    /// `.jobRestart`, `.startLimitExceeded` and `.illegalState`.
    public typealias Code = BatchErrorCode

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
