import BatchwireCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CommandStepRunner {
    /// Runs one attempt and reads back the context file.
    ///
    /// - Returns: the attempt, and the context to carry on with (the previous one if the file is unreadable).
    func runAttempt(
        _ invocation: CommandStepInvocation,
        number: Int,
        contextFile: URL,
        previousContext: ExecutionContext,
        stopSignal: StepStopSignal,
        logger: Logger
    ) async -> (StepAttempt, ExecutionContext) {
        let startTime = Date()
        let logFiles = StepLogFiles(
            directory: configuration.logDirectory,
            jobExecutionID: invocation.jobExecutionID,
            stepExecutionID: invocation.stepExecutionID,
            stepName: invocation.step.name,
            attempt: number
        )
        func notStarted(_ error: CommandStepError) -> (StepAttempt, ExecutionContext) {
            logger.error("Step could not start", metadata: ["batchwire.error": "\(error)"])
            let attempt = StepAttempt(
                number: number,
                status: .failed,
                exitStatus: Self.failedStatus(error),
                logFiles: logFiles,
                startTime: startTime,
                endTime: Date(),
                error: error
            )
            return (attempt, previousContext)
        }

        let child: ChildProcess
        do {
            let environment = StepEnvironment.build(
                base: configuration.baseEnvironment,
                invocation: invocation,
                contextFile: contextFile,
                attempt: number
            )
            let (executable, arguments) = try Self.commandLine(for: invocation.step, environment: environment)
            let standardOutput = try Self.openLog(logFiles.standardOutput)
            defer { close(standardOutput) }
            let standardError = try Self.openLog(logFiles.standardError)
            defer { close(standardError) }
            child = try ChildProcess.spawn(
                executable: executable,
                arguments: arguments,
                environment: environment.map { "\($0.key)=\($0.value)" },
                workingDirectory: invocation.step.workingDirectory,
                standardOutput: standardOutput,
                standardError: standardError,
                supervisor: configuration.supervisor,
                grace: configuration.terminationGracePeriod,
                clock: clock
            )
        } catch {
            return notStarted(error)
        }
        logger.debug(
            "Step process started",
            metadata: ["batchwire.pid": "\(child.pid)", "batchwire.attempt": "\(number)"]
        )

        stopSignal.attach(child)
        let termination = await waitForExit(child, timeoutSeconds: invocation.step.timeoutSeconds)
        stopSignal.detach()
        let endTime = Date()
        let (request, killed) = child.terminationRequest
        logger.debug(
            "Step process ended",
            metadata: ["batchwire.termination": "\(termination)", "batchwire.attempt": "\(number)"]
        )

        var context = previousContext
        var contextError: CommandStepError?
        do {
            context = StepContextFile.merging(
                try StepContextFile.read(from: contextFile, maximumSize: configuration.maximumContextFileSize),
                into: previousContext)
        } catch {
            contextError = error
        }

        var (status, exitCode, summary) = outcome(
            termination,
            request: request,
            killed: killed,
            invocation: invocation
        )
        if let contextError {
            logger.warning("Step left an unreadable context file", metadata: ["batchwire.error": "\(contextError)"])
            if status == .completed {
                status = .failed
                exitCode = ExitStatus.failed.exitCode
            }
            summary = [summary, "The step's context was not saved: \(contextError)"].filter { !$0.isEmpty }
                .joined(separator: " ")
        }
        var description = summary
        if status != .completed || configuration.tailOnSuccess {
            description = StepExitDescription.compose(
                summary: summary,
                standardError: LogTail(
                    of: logFiles.standardError,
                    maximumBytes: configuration.tailBytes,
                    maximumLines: configuration.tailLines
                ),
                standardOutput: LogTail(
                    of: logFiles.standardOutput,
                    maximumBytes: configuration.tailBytes,
                    maximumLines: configuration.tailLines
                )
            )
        }
        let exitStatus = ExitStatus(
            exitCode,
            description: ExitStatus(exitCode, description: description).truncatedDescription()
        )
        let attempt = StepAttempt(
            number: number,
            status: status,
            exitStatus: exitStatus,
            termination: termination,
            terminationRequest: request,
            wasKilled: killed,
            logFiles: logFiles,
            startTime: startTime,
            endTime: endTime,
            error: contextError
        )
        return (attempt, context)
    }

    /// Waits for the process, terminating it when the timeout passes first.
    private func waitForExit(_ child: ChildProcess, timeoutSeconds: Double?) async -> ProcessTermination {
        await withTaskGroup(of: ProcessTermination?.self) { group in
            group.addTask { await child.waitForExit() }
            if let timeoutSeconds {
                group.addTask { [clock] in
                    do {
                        try await clock.sleep(for: .seconds(timeoutSeconds))
                        child.terminate(.timeout)
                    } catch {
                        // Cancelled: the process exited, or the caller was cancelled (which stops the step).
                    }
                    return nil
                }
            }
            var termination: ProcessTermination?
            for await value in group {
                if let value {
                    termination = value
                    group.cancelAll()
                }
            }
            // The waiting task always returns a value, so this is set.
            return termination ?? .signaled(SIGKILL)
        }
    }

    /// The status, exit code and summary line for how the process ended.
    private func outcome(
        _ termination: ProcessTermination,
        request: TerminationRequest?,
        killed: Bool,
        invocation: CommandStepInvocation
    ) -> (BatchStatus, String, String) {
        let escalation =
            killed
            ? "SIGTERM, then SIGKILL after the \(configuration.terminationGracePeriod) grace period"
            : "SIGTERM"
        switch request {
        case .stop:
            return (
                .stopped, ExitStatus.stopped.exitCode,
                "Stopped on request: the process group got \(escalation); the command ended with \(termination)."
            )
        case .timeout:
            let timeout = invocation.step.timeoutSeconds ?? 0
            let seconds = timeout == timeout.rounded() && abs(timeout) < 1e15 ? String(Int64(timeout)) : String(timeout)
            return (
                .failed, ExitStatus.failed.exitCode,
                "Timed out after \(seconds) s: the process group got \(escalation); "
                    + "the command ended with \(termination)."
            )
        case nil:
            switch termination {
            case .exited(let code):
                let entry = invocation.exitCodes.entry(for: code)
                if code == 0, entry.status == .completed, entry.exitCode == ExitStatus.completed.exitCode {
                    return (.completed, entry.exitCode, "")
                }
                return (entry.status, entry.exitCode, "The command exited with code \(code) (\(entry.exitCode)).")
            case .signaled(let signal):
                return (
                    .failed, ExitStatus.failed.exitCode,
                    "The command was killed by \(SystemErrorText.signalName(signal))."
                )
            }
        }
    }

    /// The program to spawn and its argv: the command as given, or `/bin/sh -c` with it when `shell` is set.
    ///
    /// With `shell`, `command[0]` is the script and further elements become `$1`, `$2`… (`$0` is the step name).
    static func commandLine(
        for step: StepDefinition,
        environment: [String: String]
    ) throws(CommandStepError) -> (executable: String, arguments: [String]) {
        guard let program = step.command.first, !program.isEmpty else {
            throw CommandStepError(
                .emptyCommand,
                "step \"\(step.name)\" has an empty command; give it a program to run"
            )
        }
        if step.shell {
            return ("/bin/sh", ["/bin/sh", "-c", program, step.name] + step.command.dropFirst())
        }
        return (try resolve(program, environment: environment, workingDirectory: step.workingDirectory), step.command)
    }

    /// The path of `program`: as given if it contains a `/`, else the first executable match in the step's `PATH`.
    static func resolve(
        _ program: String,
        environment: [String: String],
        workingDirectory: String?
    ) throws(CommandStepError) -> String {
        if program.contains("/") { return program }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for entry in path.split(separator: ":", omittingEmptySubsequences: false) {
            let directory = entry.isEmpty ? "." : String(entry)
            let candidate = directory + "/" + program
            var checked = candidate
            if !candidate.hasPrefix("/"), let workingDirectory {
                checked = workingDirectory + "/" + candidate
            }
            var info = stat()
            if access(checked, X_OK) == 0, stat(checked, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                return candidate
            }
        }
        throw CommandStepError(
            .commandNotFound,
            "the program \"\(program)\" was not found in PATH; give its full path or set PATH in the step's env"
        )
    }

    /// Opens (truncating) a log file for the child to write, close-on-exec in this process.
    static func openLog(_ url: URL) throws(CommandStepError) -> Int32 {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandStepError(
                .fileSystem,
                "could not open the step log \(url.path); check the log directory's permissions",
                systemError: errno
            )
        }
        return descriptor
    }
}
