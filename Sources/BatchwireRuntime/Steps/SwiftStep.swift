/// A step written in Swift, for applications that use Batchwire as a library and register steps in code.
///
/// ```swift
/// struct Reindex: SwiftStep {
///     func run(context: StepContext) async throws -> StepOutcome {
///         var state = context.executionContext
///         let from = state.long(forKey: "offset") ?? 0
///         // … work, checking `try Task.checkCancellation()` now and then …
///         state["offset"] = .long(from + 1000)
///         return .completed(context: state)
///     }
/// }
/// ```
///
/// Throwing fails the step (FAILED, with the error in the exit description). A stop request cancels the
/// task running `run`: a step that then throws ends STOPPED (return `StepOutcome(status: .stopped, …)`
/// to save a context on the way out).
public protocol SwiftStep: Sendable {
    /// Does the step's work.
    ///
    /// - Parameter context: the ids, job parameters and the context a previous execution left.
    /// - Returns: how the step ended and the context to save.
    /// - Throws: any error, which fails the step; `CancellationError` after a stop request stops it.
    func run(context: StepContext) async throws -> StepOutcome
}
