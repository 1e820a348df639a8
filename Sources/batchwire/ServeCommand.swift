import ArgumentParser
import BatchwireDaemon
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging

/// `batchwire serve`: the scheduler daemon (one node; several may share one database and broker).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the scheduler: fire the jobs' schedules, record runs, publish events, take commands.",
        discussion: """
            Runs until SIGTERM or SIGINT, then stops firing, stops running executions (STOPPED, \
            restartable), publishes their events and exits 0. The embedded SQLite database is created \
            on first start; a MySQL database needs `batchwire db init` once.

            Exit status: 0 after SIGTERM or SIGINT, 5 the database cannot be used or its schema does not \
            match, 70 another failure (configuration, broker, HTTP port).
            """
    )

    @OptionGroup var options: ConfigurationOptions

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (BATCHWIRE_LOG_LEVEL, default info).")
    var logLevel: String?

    func run() async throws {
        let configuration = try options.resolve()
        let levelText = logLevel ?? ProcessInfo.processInfo.environment["BATCHWIRE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("unknown log level '\(levelText)'; use trace, debug, info, notice, warning or error")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            // One line per entry, whatever text from outside (commands, job files, output) it carries.
            return ControlCharacterEscapingLogHandler(wrapping: handler)
        }
        var logger = Logger(label: "batchwire")
        logger.logLevel = level
        logger[metadataKey: "node"] = "\(configuration.nodeID)"
        do {
            try await Daemon(configuration: configuration, logger: logger).run()
        } catch {
            logger.critical("batchwire serve could not start or failed", metadata: ["error": "\(error)"])
            throw error is StoreError ? CommandExit.storeFailure : CommandExit.daemonFailure
        }
    }
}
