import ArgumentParser
import BatchwireCore
import BatchwireRuntime
import Foundation

/// `batchwire start <job> k=v…`: a new instance with the given parameters.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a new instance of a job with parameters.",
        discussion: """
            Parameters use Spring Batch's notation: name=value, name=value,type[,identifying] or
            name(type[,identifying])=value, e.g. day(localdate)=2026-11-22 or limit(long,false)=10.
            The job file's declared parameters fill in the rest. The run happens in this process: it
            prints the execution id at once and returns when the execution ends; Ctrl-C stops it
            (STOPPED, restartable).

            """ + CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The job's name.") var job: String
    @Argument(help: "Parameters, name=value…") var parameters: [String] = []
    @Flag(help: "Exit with the execution's outcome: non-zero unless it COMPLETED.") var wait = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let execution = try await session.jobOperator.start(jobName: job, parameters: parameters)
            try await OperatorCommandSupport.follow(execution, session: session, wait: wait, json: json)
        }
    }
}

/// `batchwire start-next <job>`: the next instance from the job's incrementer.
struct StartNextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start-next",
        abstract: "Start the job's next instance with its incrementer (run-id, sequence or fire-time).",
        discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The job's name.") var job: String
    @Flag(help: "Exit with the execution's outcome: non-zero unless it COMPLETED.") var wait = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let execution = try await session.jobOperator.startNextInstance(jobName: job)
            try await OperatorCommandSupport.follow(execution, session: session, wait: wait, json: json)
        }
    }
}

/// `batchwire restart <execution>`: the execution's instance again, with its parameters.
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart a FAILED or STOPPED execution: completed steps are skipped.",
        discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The execution id.") var execution: Int64
    @Flag(help: "Exit with the execution's outcome: non-zero unless it COMPLETED.") var wait = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let started = try await session.jobOperator.restart(executionId: execution)
            try await OperatorCommandSupport.follow(started, session: session, wait: wait, json: json)
        }
    }
}

/// `batchwire stop <execution>`: asks the owning process to stop it.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop a running execution, from any machine: it ends STOPPED and can be restarted.",
        discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The execution id.") var execution: Int64
    @Flag(help: "Wait until the owner recorded it STOPPED (or it ended otherwise).") var wait = false
    @Option(help: "With --wait, give up after this many seconds (exit 4).") var timeout: Int = 60
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            try await session.jobOperator.stop(executionId: execution)
            var current = try await session.jobOperator.getExecution(executionId: execution)
            if wait {
                let deadline = Date().addingTimeInterval(Double(timeout))
                while current.isRunning && Date() < deadline {
                    try await Task.sleep(for: .milliseconds(250))
                    current = try await session.jobOperator.getExecution(executionId: execution)
                }
            }
            if json {
                try ExecutionRendering.printJSON(ExecutionRendering.json(current))
            } else {
                print("execution \(execution): \(current.status)" + (current.isRunning ? " (stop requested)" : ""))
            }
            if wait && current.isRunning {
                CommandExit.printError("execution \(execution) is still \(current.status) after \(timeout)s")
                throw CommandExit.refused
            }
        }
    }
}

/// `batchwire abandon <execution>`: marks a stopped or failed execution ABANDONED.
struct AbandonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abandon",
        abstract: "Mark an execution that is not running ABANDONED: its instance will not be restarted.",
        discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The execution id.") var execution: Int64
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let abandoned = try await session.jobOperator.abandon(executionId: execution)
            if json {
                try ExecutionRendering.printJSON(ExecutionRendering.json(abandoned))
            } else {
                print("execution \(execution): \(abandoned.status)")
            }
        }
    }
}

/// `batchwire recover`: marks FAILED the executions of nodes that stopped heartbeating.
struct RecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Mark FAILED the executions whose owning node stopped renewing its lease, so they can be restarted.",
        discussion: CommandExit.discussion
    )

    @OptionGroup var options: ConfigurationOptions
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let recovered = try await session.jobOperator.recover()
            if json {
                try ExecutionRendering.printJSON(recovered.map(ExecutionRendering.json))
            } else if recovered.isEmpty {
                print("no execution to recover: every running execution has a live owner")
            } else {
                for execution in recovered {
                    print("execution \(execution.id) (\(execution.jobName)): \(execution.exitStatus.exitDescription)")
                }
            }
        }
    }
}

/// What the launching commands share.
enum OperatorCommandSupport {
    /// Prints the new execution, runs it to its end in this process, prints the outcome; with `wait`, exits
    /// with the outcome.
    static func follow(_ execution: JobExecution, session: OperatorSession, wait: Bool, json: Bool) async throws {
        if !json {
            print(
                "execution \(execution.id) of job \(execution.jobName) (instance \(execution.jobInstance.id)) started")
        }
        let ended = await session.waitForEnd(execution)
        let stored = (try? await session.jobOperator.getExecution(executionId: ended.id)) ?? ended
        if json {
            try ExecutionRendering.printJSON(ExecutionRendering.json(stored))
        } else {
            print("execution \(stored.id): \(stored.status) (exit \(stored.exitStatus.exitCode))")
            if stored.status != .completed && !stored.exitStatus.exitDescription.isEmpty {
                print(stored.exitStatus.exitDescription)
            }
        }
        if wait && stored.status != .completed {
            throw CommandExit.code(for: stored.status)
        }
    }
}
