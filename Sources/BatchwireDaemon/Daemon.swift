import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle

/// `batchwire serve`: one node of the scheduler, every part a service of one service group.
///
/// Started in this order and shut down in the reverse one on SIGTERM or SIGINT: the broker connection,
/// the outbox relay, the folder watcher, the recovery loop, and last the scheduler. So on shutdown the
/// scheduler stops firing and stops the running executions first (STOPPED, restartable, within the
/// grace period), then the relay publishes their events, then the node says it is offline and
/// disconnects, and the process exits 0.
public struct Daemon: Sendable {
    /// The resolved settings.
    public let configuration: BatchwireConfiguration
    /// Where the daemon logs.
    public let logger: Logger

    /// A daemon for `configuration`.
    public init(configuration: BatchwireConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT.
    /// - Throws: a configuration, store or listener error at startup, with what to do about it.
    public func run() async throws {
        let parts = try await DaemonParts.assemble(configuration: configuration, logger: logger)
        logger.info(
            "batchwire serve started",
            metadata: [
                "node": "\(configuration.nodeID)", "database": "\(configuration.database)",
                "broker": "\(configuration.mqttURL ?? "none")", "jobs": "\(parts.registry.jobNames.count)",
            ])
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: parts.services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await parts.close()
            throw error
        }
        await parts.close()
        logger.info("batchwire serve stopped")
    }
}
