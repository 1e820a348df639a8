import BatchwireCore

/// How a ``SwiftStep`` ended: its status, exit status and the context to save.
public struct StepOutcome: Sendable, Hashable {
    /// STATUS: normally `.completed`, `.failed` or `.stopped`.
    public var status: BatchStatus
    /// EXIT_CODE and EXIT_MESSAGE; the description is cut to 2,500 UTF-16 units when saved.
    public var exitStatus: ExitStatus
    /// The context to save, handed back on restart.
    public var context: ExecutionContext

    /// An outcome.
    ///
    /// - Parameters:
    ///   - status: the batch status.
    ///   - exitStatus: the exit status.
    ///   - context: the context to save.
    public init(status: BatchStatus, exitStatus: ExitStatus, context: ExecutionContext = ExecutionContext()) {
        self.status = status
        self.exitStatus = exitStatus
        self.context = context
    }

    /// COMPLETED, with `exitCode` (default `COMPLETED`; `NOOP` for "nothing to do").
    public static func completed(
        context: ExecutionContext = ExecutionContext(),
        exitCode: String = ExitStatus.completed.exitCode,
        description: String? = nil
    ) -> StepOutcome {
        StepOutcome(status: .completed, exitStatus: ExitStatus(exitCode, description: description), context: context)
    }

    /// FAILED with a description saying what went wrong; the context is still saved for the restart.
    public static func failed(
        _ description: String,
        context: ExecutionContext = ExecutionContext(),
        exitCode: String = ExitStatus.failed.exitCode
    ) -> StepOutcome {
        StepOutcome(status: .failed, exitStatus: ExitStatus(exitCode, description: description), context: context)
    }
}
