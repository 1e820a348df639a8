import BatchwireHTTP
import BatchwireTestBasics
import Logging
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(2))) struct ServerLifecycleTests {
    @Test func gracefulShutdownEndsRunAndClosesThePort() async throws {
        let server = try await RunningServer.start()
        #expect(try await server.get("/health").status == 200)

        try await server.stop()  // returns only once the group's run() has returned

        #expect(await LoopbackHTTPClient.accepts(port: server.port) == false)
    }

    @Test func cancellationEndsRun() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = ObservabilityServer(
            host: "127.0.0.1",
            port: 0,
            registry: BatchwireMetrics.bootstrap(),
            logger: RunningServer.logger,
            health: { HealthReport(nodeID: "n", uptimeSeconds: 0) },
            onListening: { continuation.yield($0) }
        )
        let task = Task { try await server.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(try await LoopbackHTTPClient.get("/", port: port).status == 200)

        task.cancel()
        _ = await task.result

        #expect(await LoopbackHTTPClient.accepts(port: port) == false)
    }

    @Test func aPortInUseIsAnErrorFromRun() async throws {
        let first = try await RunningServer.start()
        let second = ObservabilityServer(
            host: "127.0.0.1",
            port: first.port,
            registry: BatchwireMetrics.bootstrap(),
            logger: RunningServer.logger,
            health: { HealthReport(nodeID: "n", uptimeSeconds: 0) }
        )

        await #expect(throws: (any Error).self) { try await second.run() }

        try await first.stop()
    }
}
