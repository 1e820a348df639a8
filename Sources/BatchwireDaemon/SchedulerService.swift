import BatchwireRuntime
import Foundation
import Logging
import ServiceLifecycle

/// The scheduler as a service: fires until graceful shutdown, then stops firing, lets claimed fires
/// finish launching, and stops the running executions (STOPPED, restartable) within the grace period.
struct SchedulerService: Service {
    let scheduler: Scheduler<ContinuousClock>
    let launcher: JobLauncher
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await scheduler.run()
        }
        logger.info("shutting down: no more fires; stopping running executions")
        await scheduler.shutdown()
        let running = launcher.runningExecutionIDs
        await launcher.stopAll()
        if !running.isEmpty {
            logger.info("stopped executions; each can be restarted", metadata: ["executions": "\(running)"])
        }
    }
}

/// A loop that runs until graceful shutdown (the folder watcher, the recovery loop, …).
struct LoopService: Service, CustomStringConvertible {
    let description: String
    let body: @Sendable () async -> Void

    init(_ name: String, _ body: @escaping @Sendable () async -> Void) {
        self.description = name
        self.body = body
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
    }
}
