import ArgumentParser

/// The `batchwire` command tree.
@main
struct Batchwire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batchwire",
        abstract: "A cron-driven batch scheduler with Spring Batch metadata and MQTT events.",
        subcommands: [
            ServeCommand.self, JobsCommand.self, ValidateCommand.self, NextCommand.self,
            StartCommand.self, StartNextCommand.self, RestartCommand.self, StopCommand.self, AbandonCommand.self,
            RecoverCommand.self, SchedulesCommand.self, PauseCommand.self, ResumeCommand.self, InstancesCommand.self, ExecutionsCommand.self, ShowCommand.self,
            DatabaseCommand.self,
        ]
    )
}
