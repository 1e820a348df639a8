import BatchwireCore
import Foundation

/// Runs a ``SwiftStep`` and turns how it ended into the same ``StepRunResult`` a command step gives.
///
/// The step runs in its own task, which ``StepStopSignal/stop()`` (or cancelling the caller) cancels.
/// A returned outcome is used as is (its description cut to 2,500 UTF-16 units); a thrown error is
/// FAILED with the error as description, or STOPPED if a stop was requested; in both cases the previous
/// context is kept. Swift steps are not retried here: a step that wants retries does them itself.
public struct SwiftStepRunner: Sendable {
    /// A runner.
    public init() {}

    /// Runs `step` once.
    ///
    /// - Parameters:
    ///   - step: the step.
    ///   - context: its ids, parameters, previous context, logger and stop signal.
    /// - Returns: one attempt and the context to save.
    public func run(_ step: any SwiftStep, context: StepContext) async -> StepRunResult {
        let stopSignal = context.stopSignal
        let startTime = Date()
        let task = Task { try await step.run(context: context) }
        stopSignal.onStop { task.cancel() }
        let outcome = await withTaskCancellationHandler {
            await task.result
        } onCancel: {
            stopSignal.stop()
        }

        let status: BatchStatus
        var exitStatus: ExitStatus
        var saved = context.executionContext
        switch outcome {
        case .success(let result):
            status = result.status
            exitStatus = result.exitStatus
            saved = result.context
        case .failure(let error) where stopSignal.isStopRequested || error is CancellationError:
            status = .stopped
            exitStatus = ExitStatus.stopped.addingExitDescription("Stopped on request.")
        case .failure(let error):
            context.logger.error("Swift step failed", metadata: ["batchwire.error": "\(error)"])
            status = .failed
            exitStatus = ExitStatus.failed.addingExitDescription(error)
        }
        exitStatus = ExitStatus(exitStatus.exitCode, description: exitStatus.truncatedDescription())
        let attempt = StepAttempt(
            number: 1,
            status: status,
            exitStatus: exitStatus,
            startTime: startTime,
            endTime: Date()
        )
        return StepRunResult(attempts: [attempt], context: saved)
    }
}
