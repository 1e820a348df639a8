import ArgumentParser
import BatchwireCore
import BatchwireDaemon
import BatchwireRuntime
import Foundation

/// `batchwire logs <execution>`: the output of an execution's steps, optionally followed while it runs.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the output (stdout and stderr) of an execution's steps.",
        discussion: """
            Steps write their output on the host whose node ran them, into BATCHWIRE_LOG_DIR (default \
            logs/): run this on that host, or share that folder between nodes. With --follow, new output \
            is printed as it is written until the execution ends.

            """ + CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The execution id.") var execution: Int64
    @Option(help: "Only this step's output.") var step: String?
    @Flag(help: "Keep printing new output until the execution ends.") var follow = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let directory = StepLogDirectory.configured
            var printer = StepLogPrinter(directory: directory, stepName: step)
            var current = try await session.jobOperator.getExecution(executionId: execution)
            if let step, !current.stepExecutions.contains(where: { $0.stepName == step }), !follow || !current.isRunning {
                let names = current.stepExecutions.map(\.stepName)
                CommandExit.printError(
                    "execution \(execution) has no step named \(step); "
                        + (names.isEmpty ? "it ran no step" : "its steps: \(names.joined(separator: ", "))"))
                throw CommandExit.notFound
            }
            printer.printNew(of: current)
            if follow {
                while current.isRunning {
                    try await Task.sleep(for: .milliseconds(250))
                    current = try await session.jobOperator.getExecution(executionId: execution)
                    printer.printNew(of: current)
                }
            }
            if !printer.printedAny && !current.stepExecutions.isEmpty {
                CommandExit.printError(
                    "no output of execution \(execution) in \(directory.path): its steps printed nothing, ran on "
                        + "another host, or their files were removed")
            }
        }
    }
}
