import ArgumentParser
import BatchwireCore
import BatchwireDaemon
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging

/// What the operator commands share: the store from `BATCHWIRE_DATABASE_URL`, the jobs of the schedules
/// folder, and a launcher and operator running as this node.
struct OperatorSession {
    let configuration: BatchwireConfiguration
    let store: MetadataStore
    let registry: JobRegistry
    let jobOperator: JobOperator

    /// Opens the store and loads the jobs; a configuration or store error exits with a message.
    static func open(_ options: ConfigurationOptions) async throws -> OperatorSession {
        let configuration = try options.resolve()
        _ = try location(configuration.database)  // a bad URL is a usage error, not a store failure
        let store: MetadataStore
        do {
            // As `serve` does: a new embedded database gets its tables; a MySQL server needs `db init`.
            store = try await StoreOpening.open(configuration, emptyDatabase: .policy(for: configuration.database)).store
        } catch {
            CommandExit.printError((error as? StoreError)?.message ?? "\(error)")
            throw CommandExit.storeFailure
        }
        let registry = JobRegistry()
        let set = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
            .load(directory: configuration.schedulesDirectory)
        registry.apply(set)
        for error in set.errors { CommandExit.printError("warning: \(error)") }
        // A command runs its executions itself: it is a node of its own, named after the configured one, so
        // that a recovery message names this process rather than the daemon of the same host.
        let nodeID = "\(configuration.nodeID):cli-\(getpid())"
        var launch = LaunchConfiguration(nodeID: nodeID, logDirectory: StepLogDirectory.configured)
        launch.leaseDuration = .seconds(configuration.leaseSeconds)
        launch.leaseRenewInterval = .seconds(max(1, configuration.leaseSeconds / 3))
        launch.topicPrefix = configuration.mqttTopicPrefix
        var logger = Logger(label: "batchwire")
        logger.logLevel = .warning
        let launcher = JobLauncher(store: store, configuration: launch, logger: logger)
        return OperatorSession(
            configuration: configuration, store: store, registry: registry,
            jobOperator: JobOperator(launcher: launcher, registry: registry))
    }

    func close() async {
        await store.close()
    }

    /// Runs `body` and closes the store, turning operator errors into messages and exit codes.
    static func run(_ options: ConfigurationOptions, _ body: (OperatorSession) async throws -> Void) async throws {
        let session = try await open(options)
        do {
            try await body(session)
        } catch let error as JobOperatorError {
            await session.close()
            CommandExit.printError(error.message)
            throw CommandExit.code(for: error)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    /// Waits for an execution this process runs, stopping it cleanly on SIGINT or SIGTERM.
    func waitForEnd(_ execution: JobExecution) async -> JobExecution {
        let launcher = jobOperator.launcher
        let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                CommandExit.printError("stopping execution \(execution.id) (the step gets SIGTERM, then SIGKILL)")
                Task { await launcher.stopAll() }
            }
            source.resume()
            return source
        }
        defer { for source in signals { source.cancel() } }
        return await launcher.waitForExecution(execution.id) ?? execution
    }

    private static func location(_ url: DatabaseURL) throws -> DatabaseLocation {
        do {
            return try StoreOpening.location(url)
        } catch let error as StoreError {
            throw ValidationError("invalid database URL: \(error.message)")
        }
    }
}
