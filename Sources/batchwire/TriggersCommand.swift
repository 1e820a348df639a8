import ArgumentParser
import BatchwireCore
import BatchwireRuntime
import Foundation

/// `batchwire triggers`: every event trigger with what it listens to and its last outcome.
struct TriggersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triggers", abstract: "List every event trigger (MQTT, dataset): state and last outcome.",
        discussion: CommandExit.discussion)

    @OptionGroup var options: ConfigurationOptions
    @Option(help: "How many recent outcomes to show per trigger (JSON; the table shows the last).") var count: Int = 5
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
        try await OperatorSession.run(options) { session in
            let overviews = try await JobOperatorError.converting {
                try await TriggerOverview.load(registry: session.registry, state: session.store.state, count: max(1, count))
            }
            if json {
                try ExecutionRendering.printJSON(overviews)
                return
            }
            guard !overviews.isEmpty else {
                print("no triggers: no job in \(session.configuration.schedulesDirectory)/ has a triggers: list")
                return
            }
            let rows = overviews.map { overview -> [String] in
                let state = overview.isPaused ? "paused" + (overview.pauseReason.map { " (\($0))" } ?? "") : "active"
                var last = "-"
                if let record = overview.recent.first {
                    last = "\(record.receivedAt.formatted(.iso8601)) \(record.outcome ?? "claimed, no outcome yet")"
                    if let id = record.executionID { last += " (execution \(id))" }
                    if let reason = record.reason, record.outcome != "started" { last += ": \(reason)" }
                }
                return [overview.triggerID, "\(overview.kind) \(overview.source)", state, last]
            }
            ExecutionRendering.printTable(["TRIGGER", "ON", "STATE", "LAST"], rows)
        }
    }
}
