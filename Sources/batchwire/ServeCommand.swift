import ArgumentParser
import BatchwireRuntime
import Foundation

/// `batchwire serve`: the scheduler daemon.
///
/// The daemon that fires jobs lands with issue 7. Until then `serve` does what it can honestly do:
/// it resolves the configuration, loads and validates every job file, prints each job with the next
/// fires of its schedules, says plainly that nothing is fired yet, and exits.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the scheduler (for now: validate and list the jobs; firing is not built yet)."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.resolve()
        print("batchwire serve: node \(configuration.nodeID), metadata \(configuration.database), "
            + "broker \(configuration.mqttURL ?? "none"), jobs from \(configuration.schedulesDirectory)/")
        let set = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
            .load(directory: configuration.schedulesDirectory)
        JobListing.printTable(set, now: Date())
        print("""

            Not yet a daemon: this build validates and lists the jobs above but does not fire them,
            record runs or publish events. Those arrive with the scheduler, store and MQTT work.
            """)
    }
}
