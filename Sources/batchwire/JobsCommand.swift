import ArgumentParser
import BatchwireRuntime
import Foundation

/// `batchwire jobs`: the jobs the schedules folder defines, their schedules and next fires, and the
/// files that failed to load.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the jobs in the schedules folder with their schedules and next fires."
    )

    @OptionGroup var options: ConfigurationOptions

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        let configuration = try options.resolve()
        let set = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
            .load(directory: configuration.schedulesDirectory)
        if json {
            try JobListing.printJSON(set, now: Date())
        } else {
            JobListing.printTable(set, now: Date())
        }
        if !set.errors.isEmpty { throw CommandExit.failed }
    }
}
