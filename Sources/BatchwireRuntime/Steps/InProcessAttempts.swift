import BatchwireCore
import Foundation
import Logging

/// The attempt loop of the in-process step kinds (`http`, `mqtt`, `swift`), with the command steps' rules:
/// a FAILED attempt is retried `retries` times after ``RetryBackoff`` waits on the injected clock; a stop
/// before the first attempt, during one or during a wait ends the step STOPPED; an attempt that says it is
/// not worth repeating (a missing job parameter, no broker) is not retried.
struct InProcessAttempts: Sendable {
    /// What one attempt gives back.
    struct Outcome: Sendable {
        var attempt: StepAttempt
        var context: ExecutionContext
        /// Whether repeating it could change anything.
        var retryable = true
    }

    /// Makes the outcome of attempt `number`, begun at `startTime` from `context`, when it ends: the exit
    /// description cut to Spring's column, the end time now, the context unchanged unless given.
    struct Ending: Sendable {
        var number: Int
        var startTime: Date
        var context: ExecutionContext

        func callAsFunction(
            _ status: BatchStatus, _ exitCode: String, _ description: String, context newContext: ExecutionContext? = nil,
            request: TerminationRequest? = nil, retryable: Bool = true
        ) -> Outcome {
            let exitStatus = ExitStatus(exitCode, description: description)
            let attempt = StepAttempt(
                number: number, status: status,
                exitStatus: ExitStatus(exitCode, description: exitStatus.truncatedDescription()),
                terminationRequest: request, startTime: startTime, endTime: Date())
            return Outcome(attempt: attempt, context: newContext ?? context, retryable: retryable)
        }
    }

    /// How one attempt ended when it raced its timeout and the stop signal.
    enum Race<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
        case stopped
    }

    var retries: Int
    var backoff: RetryBackoff
    var clock: any Clock<Duration>
    var logger: Logger

    /// Runs an in-process step's attempts as the `http` and `mqtt` runners do: the step's log metadata
    /// (job, step, step execution), `retries` from the step, and a cancelled calling task raising the stop.
    /// - Parameter attempt: runs attempt `number` from `context`, logging to the step's logger.
    static func runStep(
        _ invocation: InProcessStepInvocation, stopSignal: StepStopSignal, backoff: RetryBackoff,
        clock: any Clock<Duration>, logger: Logger,
        attempt: @escaping @Sendable (_ number: Int, _ context: ExecutionContext, _ logger: Logger) async -> Outcome
    ) async -> StepRunResult {
        var stepLogger = logger
        stepLogger[metadataKey: "batchwire.job"] = "\(invocation.values.jobName)"
        stepLogger[metadataKey: "batchwire.step"] = "\(invocation.step.name)"
        stepLogger[metadataKey: "batchwire.stepExecutionID"] = "\(invocation.stepExecutionID)"
        let logger = stepLogger
        let attempts = InProcessAttempts(retries: invocation.step.retries, backoff: backoff, clock: clock, logger: logger)
        return await withTaskCancellationHandler {
            await attempts.run(previous: invocation.previousContext, stopSignal: stopSignal) { number, context in
                await attempt(number, context, logger)
            }
        } onCancel: {
            stopSignal.stop()
        }
    }

    /// Runs attempts until one completes, one fails for good, the retries run out or a stop arrives.
    /// - Parameters:
    ///   - previous: the context the step starts with.
    ///   - stopSignal: the step's stop signal.
    ///   - attempt: runs attempt `number` from `context`.
    func run(
        previous: ExecutionContext, stopSignal: StepStopSignal,
        attempt: @Sendable (_ number: Int, _ context: ExecutionContext) async -> Outcome
    ) async -> StepRunResult {
        var attempts: [StepAttempt] = []
        var context = previous
        let allowed = max(0, retries) + 1
        for number in 1...allowed {
            if stopSignal.isStopRequested {
                attempts.append(Self.stopped(number, "Stopped on request before attempt \(number) started."))
                break
            }
            let outcome = await attempt(number, context)
            attempts.append(outcome.attempt)
            context = outcome.context
            guard outcome.attempt.status == .failed, outcome.retryable, outcome.attempt.terminationRequest != .stop,
                number < allowed
            else { break }
            let delay = backoff.delay(beforeRetry: number)
            logger.warning(
                "Step attempt failed; retrying",
                metadata: [
                    "batchwire.attempt": "\(number)", "batchwire.retryDelay": "\(delay)",
                    "batchwire.exitCode": "\(outcome.attempt.exitStatus.exitCode)",
                ])
            if await Self.sleepUnlessStopped(clock: clock, for: delay, stopSignal: stopSignal) {
                attempts.append(
                    Self.stopped(number + 1, "Stopped while waiting to retry after attempt \(number) failed."))
                break
            }
        }
        return StepRunResult(attempts: attempts, context: context)
    }

    /// A STOPPED attempt that did nothing.
    static func stopped(_ number: Int, _ description: String) -> StepAttempt {
        let now = Date()
        return StepAttempt(
            number: number, status: .stopped,
            exitStatus: ExitStatus(ExitStatus.stopped.exitCode, description: description),
            terminationRequest: .stop, startTime: now, endTime: now)
    }

    /// Runs `body` until it returns, `timeoutSeconds` pass on `clock` or `stopSignal` is raised; the loser is
    /// cancelled and awaited.
    static func race<Value: Sendable>(
        timeoutSeconds: Double?, clock: any Clock<Duration>, stopSignal: StepStopSignal,
        _ body: @escaping @Sendable () async -> Value
    ) async -> Race<Value> {
        if stopSignal.isStopRequested { return .stopped }
        return await withTaskGroup(of: Race<Value>?.self) { group in
            group.addTask { .finished(await body()) }
            if let timeoutSeconds {
                group.addTask {
                    do {
                        try await clock.sleep(for: .seconds(timeoutSeconds))
                        return .timedOut
                    } catch {
                        return nil
                    }
                }
            }
            group.addTask {
                await stopSignal.waitForStop()
                return Task.isCancelled ? nil : .stopped
            }
            var result: Race<Value> = .stopped
            for await value in group {
                if let value {
                    result = value
                    break
                }
            }
            group.cancelAll()
            return result
        }
    }

    /// Sleeps for `delay` on `clock`; `true` when the stop signal was raised (or the task cancelled) first. The
    /// command steps wait between retries with it too.
    static func sleepUnlessStopped(
        clock: any Clock<Duration>, for delay: Duration, stopSignal: StepStopSignal
    ) async -> Bool {
        if stopSignal.isStopRequested { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(for: delay)
                    return false
                } catch {
                    return true
                }
            }
            group.addTask {
                await stopSignal.waitForStop()
                return true
            }
            let stopped = await group.next() ?? true
            group.cancelAll()
            return stopped || stopSignal.isStopRequested
        }
    }

    /// `"30"` for 30.0, `"1.5"` for 1.5.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
