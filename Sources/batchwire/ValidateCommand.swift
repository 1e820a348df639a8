import ArgumentParser
import Foundation
import BatchwireRuntime

/// `batchwire validate [files…]`: checks job files and reports every problem with file, line and reason.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check job files; exit 1 if any has an error.",
        discussion: "Without files, checks every job file in the schedules folder."
    )

    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "Job files to check (default: all in the schedules folder).")
    var files: [String] = []

    func run() throws {
        let configuration = try options.resolve()
        let loader = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
        let set = files.isEmpty ? loader.load(directory: configuration.schedulesDirectory) : loader.load(files: files)
        for error in set.errors { printError(error.description) }
        if configuration.mqttURL == nil {
            for warning in JobFileWarnings.mqttStepsWithoutBroker(set.jobs) { printError(warning) }
        }
        print("\(set.files.count) file(s), \(set.jobs.count) job(s), \(set.errors.count) error(s)")
        if !set.errors.isEmpty { throw CommandExit.failed }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
