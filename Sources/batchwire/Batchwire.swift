import ArgumentParser
import BatchwireCore

/// The `batchwire` command tree.
@main
struct Batchwire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batchwire",
        abstract: "A cron-driven batch scheduler with Spring Batch metadata and MQTT events.",
        version: BatchwireVersion.current,
        subcommands: [
            ServeCommand.self, JobsCommand.self, ValidateCommand.self, NextCommand.self,
            StartCommand.self, StartNextCommand.self, RestartCommand.self, StopCommand.self, AbandonCommand.self,
            RecoverCommand.self, SchedulesCommand.self, TriggersCommand.self, PauseCommand.self, ResumeCommand.self, InstancesCommand.self, ExecutionsCommand.self, ShowCommand.self,
            LogsCommand.self, DatabaseCommand.self,
        ]
    )

    /// Parses the command line and runs the command, with standard output flushed at every line: a
    /// caller reading `batchwire start … > file &` sees "execution N started" when it happens, not when
    /// the run ends and the block buffer fills or the process exits.
    static func main() async {
        LineBufferedOutput.enable()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
