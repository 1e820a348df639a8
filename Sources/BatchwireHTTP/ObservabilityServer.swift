import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The HTTP endpoint of `batchwire serve` for monitoring: `GET /metrics` (Prometheus),
/// `GET /health` (a ``HealthReport`` as JSON) and `GET /` (a short index, or the dashboard's routes when the
/// daemon adds them).
///
/// A `Service`: ``run()`` serves until the service group shuts down gracefully or the task is
/// cancelled, then returns.
///
/// ```swift
/// let server = ObservabilityServer(
///     host: configuration.httpHost, port: port, registry: BatchwireMetrics.bootstrap(), logger: logger,
///     health: { await node.healthReport() })
/// let group = ServiceGroup(services: [scheduler, server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public final class ObservabilityServer: Service {
    private let host: String
    private let port: Int
    private let routes: ObservabilityRoutes
    private let logger: Logger
    private let onListening: @Sendable (Int) -> Void

    /// - Parameters:
    ///   - host: the address to listen on: `127.0.0.1` for this machine only, `0.0.0.0` for every
    ///     interface.
    ///   - port: the TCP port; 0 lets the system pick a free one, which `onListening` receives.
    ///   - registry: the metrics to export, normally ``BatchwireMetrics/bootstrap()``.
    ///   - logger: where the server logs; it makes none of its own.
    ///   - health: called for every `GET /health`; a report whose status is `failing` is answered
    ///     with 503, any other with 200.
    ///   - onListening: called once the server accepts connections, with the port it is bound to.
    ///   - additionalRoutes: adds more routes to the server's router (the dashboard); when set, they serve `/`
    ///     instead of the plain index.
    public init(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        health: @escaping @Sendable () async -> HealthReport,
        onListening: @escaping @Sendable (Int) -> Void = { _ in },
        additionalRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.routes = ObservabilityRoutes(registry: registry, health: health, additionalRoutes: additionalRoutes)
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown or cancellation, then closes the listening socket and returns.
    ///
    /// - Throws: the bind error (address in use, host unknown) if the server cannot start.
    public func run() async throws {
        let requested = port
        let onListening = self.onListening
        let application = Application(
            router: routes.router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "batchwire"),
            onServerRunning: { channel in
                onListening(channel.localAddress?.port ?? requested)
            },
            logger: logger
        )
        try await application.run()
    }
}
