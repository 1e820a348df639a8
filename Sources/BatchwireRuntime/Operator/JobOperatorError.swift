import BatchwireCore
import BatchwireStore

/// An error from the ``JobOperator`` or the ``JobLauncher``: a Spring Batch rule that refused the call,
/// a missing job or execution, or a store failure.
///
/// Match on ``code``; ``springExceptionName`` names the exception Spring Batch 5 throws in the same case.
/// ``message`` says what happened and what to do.
public struct JobOperatorError: Error, Sendable, CustomStringConvertible {
    /// A matchable kind of operator error (Spring Batch's exceptions, one list shared with
    /// ``BatchwireCore/JobLaunchError``). Compare with `==`; new codes may be added.
    public typealias Code = BatchErrorCode

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
            return JobOperatorError(error.code.batchErrorCode, error.message, underlying: error)
        case let error as JobLaunchError:
            return JobOperatorError(error.code, error.message, underlying: error)
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
