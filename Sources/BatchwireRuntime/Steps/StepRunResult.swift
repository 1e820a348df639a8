import BatchwireCore
import Foundation

/// How a step execution ended, ready to be written to its BATCH_STEP_EXECUTION row: the outcome of its
/// last attempt plus the context to save.
public struct StepRunResult: Sendable, Hashable {
    /// Every attempt, in order; never empty.
    public var attempts: [StepAttempt]
    /// The context to save as the step's ExecutionContext: what the step left, or the previous context
    /// when it left nothing readable.
    public var context: ExecutionContext

    /// A result.
    ///
    /// - Parameters:
    ///   - attempts: the attempts, at least one.
    ///   - context: the context to save.
    public init(attempts: [StepAttempt], context: ExecutionContext) {
        precondition(!attempts.isEmpty, "a step result needs at least one attempt")
        self.attempts = attempts
        self.context = context
    }

    /// The last attempt, which decides the outcome.
    public var finalAttempt: StepAttempt { attempts[attempts.count - 1] }

    /// STATUS: COMPLETED, FAILED or STOPPED (or what the exit-code map says).
    public var status: BatchStatus { finalAttempt.status }

    /// EXIT_CODE and EXIT_MESSAGE (within 2,500 UTF-16 units).
    public var exitStatus: ExitStatus { finalAttempt.exitStatus }

    /// How the last process ended, if one ran.
    public var termination: ProcessTermination? { finalAttempt.termination }

    /// What went wrong around the step in the last attempt, if anything.
    public var error: CommandStepError? { finalAttempt.error }

    /// The last attempt's log files, if a process ran.
    public var logFiles: StepLogFiles? { finalAttempt.logFiles }

    /// START_TIME: when the first attempt started.
    public var startTime: Date { attempts[0].startTime }

    /// END_TIME: when the last attempt ended.
    public var endTime: Date { finalAttempt.endTime }
}

extension StepRunResult {
    /// The result of a `noop` step: COMPLETED at once, the context as it was.
    static func noop(context: ExecutionContext) -> StepRunResult {
        let now = Date()
        return StepRunResult(
            attempts: [StepAttempt(number: 1, status: .completed, exitStatus: .completed, startTime: now, endTime: now)],
            context: context)
    }
}
