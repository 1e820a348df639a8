import BatchwireHTTP
import BatchwireTestBasics
import Logging
import ServiceLifecycle

/// An ``ObservabilityServer`` on a free loopback port, run in a `ServiceGroup` as `batchwire serve`
/// runs it, with the shared registry (swift-metrics is bootstrapped once per test process).
struct RunningServer {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    static let logger = Logger(label: "batchwire.http.tests")

    static func start(
        health: @escaping @Sendable () async -> HealthReport = {
            HealthReport(nodeID: "test-node", uptimeSeconds: 1)
        }
    ) async throws -> RunningServer {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = ObservabilityServer(
            host: "127.0.0.1",
            port: 0,
            registry: BatchwireMetrics.bootstrap(),
            logger: logger,
            health: health,
            onListening: { port in
                portContinuation.yield(port)
                portContinuation.finish()
            }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return RunningServer(port: port, group: group, task: task)
        }
        try await task.value
        throw LoopbackHTTPError(description: "the server stopped before it listened")
    }

    func get(_ path: String) async throws -> HTTPReply {
        try await LoopbackHTTPClient.get(path, port: port)
    }

    /// Shuts the group down gracefully and waits for `run()` to return.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
