import ArgumentParser
import BatchwireCore
import BatchwireRuntime
import Foundation

/// `batchwire schedules`: every schedule with its state, next fires and last outcome.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "List every schedule: state, next fires, last outcome.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Option(help: "How many next fires to show per schedule.") var count: Int = 3
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let overviews = try await JobOperatorError.converting {
                try await ScheduleOverview.load(
                    registry: session.registry, state: session.store.state, now: Date(), count: max(0, count))
            }
            if json {
                try ExecutionRendering.printJSON(overviews)
                return
            }
            guard !overviews.isEmpty else {
                print("no schedules: no job in \(session.configuration.schedulesDirectory)/ has a schedules: list")
                return
            }
            let rows = overviews.map { overview -> [String] in
                let state = overview.isPaused ? "paused" + (overview.pauseReason.map { " (\($0))" } ?? "") : "active"
                let next = overview.nextFires.map { $0.formatted(.iso8601) }.joined(separator: " ")
                var last = "-"
                if let time = overview.lastFireTime {
                    last = "\(time.formatted(.iso8601)) \(overview.lastOutcome ?? "claimed, no outcome yet")"
                    if let id = overview.lastExecutionID { last += " (execution \(id))" }
                }
                return [overview.scheduleID, overview.trigger, state, next.isEmpty ? "-" : next, last]
            }
            ExecutionRendering.printTable(["SCHEDULE", "TRIGGER", "STATE", "NEXT FIRES (UTC)", "LAST"], rows)
        }
    }
}

/// `batchwire pause <job>[#schedule]`: stops a job's schedules from firing on every node.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause a job's schedules (or one, as job#name) on every node.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "job or job#schedule") var selector: String
    @Option(help: "Why (shown by batchwire schedules).") var reason: String?

    func run() async throws {
        try await SchedulePauseChange.apply(options, selector: selector, paused: true, reason: reason)
    }
}

/// `batchwire resume <job>[#schedule]`: lets paused schedules fire again; slots missed meanwhile follow
/// each schedule's misfire policy.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a job's schedules (or one, as job#name); missed slots follow the misfire policy.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "job or job#schedule") var selector: String

    func run() async throws {
        try await SchedulePauseChange.apply(options, selector: selector, paused: false, reason: nil)
    }
}

/// Stores a pause or resume for the schedules a selector names; running nodes pick it up within their
/// pause poll interval (5 s).
enum SchedulePauseChange {
    static func apply(_ options: ConfigurationOptions, selector: String, paused: Bool, reason: String?) async throws {
        try await OperatorSession.run(options) { session in
            let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let ids = try await session.jobOperator.setSchedulesPaused(
                paused, selector: selector, reason: reason, changedBy: "cli:\(user)", listedBy: "batchwire schedules")
            for id in ids { print("\(paused ? "paused" : "resumed") \(id)") }
        }
    }
}
