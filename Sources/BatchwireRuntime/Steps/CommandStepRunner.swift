import BatchwireCore
import Foundation
import Logging

/// Runs command steps: one child process per attempt, with retries, a timeout, stop, log files and the
/// step's context file.
///
/// ```swift
/// let runner = CommandStepRunner(configuration: .init(logDirectory: logs), logger: logger)
/// let stop = StepStopSignal()            // call stop.stop() when the execution is marked STOPPING
/// let result = await runner.run(invocation, stopSignal: stop)
/// // result.status, result.exitStatus, result.context → BATCH_STEP_EXECUTION and its context row
/// ```
///
/// Each attempt runs `step.command` directly (no shell) unless `step.shell` is set, in a new process
/// group, with the environment ``StepEnvironment`` describes. Output goes to ``StepLogFiles``; the end of
/// stderr and stdout goes into the exit description of failed and stopped steps. Waiting happens on a
/// dedicated thread per process, never on the cooperative pool.
///
/// Outcomes:
/// - exit code → the ``ExitCodeMapping`` (0 COMPLETED, others FAILED by default);
/// - killed by a signal → FAILED;
/// - timeout → SIGTERM to the group, SIGKILL after the grace period → FAILED;
/// - ``StepStopSignal/stop()`` or cancelling the calling task → the same escalation → STOPPED.
///
/// A FAILED attempt whose process ran is retried `step.retries` times, waiting ``RetryBackoff`` delays on
/// the injected clock. Attempts that could not start (program not found) or left an unreadable context
/// file are not retried: running them again would fail the same way.
public struct CommandStepRunner: Sendable {
    /// The settings.
    public var configuration: CommandStepConfiguration
    let clock: any Clock<Duration>
    let logger: Logger

    /// A runner.
    ///
    /// - Parameters:
    ///   - configuration: log directory, grace period, backoff, tail sizes.
    ///   - clock: the clock timeouts, grace periods and retry waits are measured on.
    ///   - logger: where the runner logs attempts and retries.
    public init(
        configuration: CommandStepConfiguration,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// The context file of a step execution:
    /// `<contextDirectory>/<jobExecutionID>-<stepExecutionID>-<step>.context.json`.
    public func contextFile(for invocation: CommandStepInvocation) -> URL {
        let base = StepLogFiles.baseName(
            jobExecutionID: invocation.jobExecutionID,
            stepExecutionID: invocation.stepExecutionID,
            stepName: invocation.step.name
        )
        return (configuration.contextDirectory ?? configuration.logDirectory)
            .appendingPathComponent(base + ".context.json")
    }

    /// Runs the step until it completes, fails for good or is stopped.
    ///
    /// Never throws: every way a step can end, including "could not start", is a result to record.
    ///
    /// - Parameters:
    ///   - invocation: the step, ids, parameters and previous context.
    ///   - stopSignal: raise it to stop the step; cancelling the calling task does the same.
    /// - Returns: the attempts and the context to save.
    public func run(_ invocation: CommandStepInvocation, stopSignal: StepStopSignal = StepStopSignal()) async
        -> StepRunResult
    {
        await withTaskCancellationHandler {
            await runAttempts(invocation, stopSignal: stopSignal)
        } onCancel: {
            stopSignal.stop()
        }
    }

    private func runAttempts(_ invocation: CommandStepInvocation, stopSignal: StepStopSignal) async -> StepRunResult {
        var logger = logger
        logger[metadataKey: "batchwire.job"] = "\(invocation.jobName)"
        logger[metadataKey: "batchwire.step"] = "\(invocation.step.name)"
        logger[metadataKey: "batchwire.stepExecutionID"] = "\(invocation.stepExecutionID)"

        let contextFile = contextFile(for: invocation)
        do {
            try prepareDirectories()
            try StepContextFile.write(invocation.previousContext, to: contextFile)
            let unreadable = invocation.previousContext.unreadableEntries
            if !unreadable.isEmpty {
                logger.warning(
                    "Context values of Java classes Batchwire cannot read are left out of the step's file and kept",
                    metadata: [
                        "batchwire.contextKeys": "\(unreadable.map(\.key).joined(separator: ","))",
                        "batchwire.javaClasses":
                            "\(Set(unreadable.flatMap(\.classNames)).sorted().joined(separator: ","))",
                    ])
            }
        } catch {
            let now = Date()
            let attempt = StepAttempt(
                number: 1,
                status: .failed,
                exitStatus: Self.failedStatus(error),
                startTime: now,
                endTime: now,
                error: error
            )
            return StepRunResult(attempts: [attempt], context: invocation.previousContext)
        }

        var attempts: [StepAttempt] = []
        var context = invocation.previousContext
        let allowed = max(0, invocation.step.retries) + 1
        for number in 1...allowed {
            if number == 1, stopSignal.isStopRequested {
                let now = Date()
                let description = "Stopped on request before the command started."
                attempts.append(
                    StepAttempt(
                        number: number,
                        status: .stopped,
                        exitStatus: ExitStatus(ExitStatus.stopped.exitCode, description: description),
                        terminationRequest: .stop,
                        startTime: now,
                        endTime: now
                    )
                )
                break
            }
            let (attempt, newContext) = await runAttempt(
                invocation,
                number: number,
                contextFile: contextFile,
                previousContext: context,
                stopSignal: stopSignal,
                logger: logger
            )
            attempts.append(attempt)
            context = newContext
            let retryable = attempt.status == .failed && attempt.error == nil && attempt.terminationRequest != .stop
            guard retryable, number < allowed else { break }

            let delay = configuration.retryBackoff.delay(beforeRetry: number)
            logger.warning(
                "Step attempt failed; retrying",
                metadata: [
                    "batchwire.attempt": "\(number)", "batchwire.retryDelay": "\(delay)",
                    "batchwire.exitCode": "\(attempt.exitStatus.exitCode)",
                ]
            )
            // A stop that arrives after a failed attempt, before its retry, ends the step STOPPED: the
            // operator's request wins over the retry that would have followed.
            if await InProcessAttempts.sleepUnlessStopped(clock: clock, for: delay, stopSignal: stopSignal) {
                let now = Date()
                let description = "Stopped while waiting to retry after attempt \(number) failed."
                attempts.append(
                    StepAttempt(
                        number: number + 1,
                        status: .stopped,
                        exitStatus: ExitStatus(ExitStatus.stopped.exitCode, description: description),
                        terminationRequest: .stop,
                        startTime: now,
                        endTime: now
                    )
                )
                break
            }
        }
        return StepRunResult(attempts: attempts, context: context)
    }

    private func prepareDirectories() throws(CommandStepError) {
        for directory in [configuration.logDirectory, configuration.contextDirectory].compactMap({ $0 }) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandStepError(
                    .fileSystem,
                    "could not create the step directory \(directory.path): \(error.localizedDescription); "
                        + "point the log directory at a writable place"
                )
            }
        }
    }

    /// FAILED with the error's message as description.
    static func failedStatus(_ error: CommandStepError) -> ExitStatus {
        let full = ExitStatus(ExitStatus.failed.exitCode, description: error.description)
        return ExitStatus(full.exitCode, description: full.truncatedDescription())
    }
}
