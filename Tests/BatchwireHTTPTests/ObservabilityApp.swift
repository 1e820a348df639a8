import BatchwireTestBasics
import Foundation
import Hummingbird
import HummingbirdTesting

@testable import BatchwireHTTP

/// The routes of ``ObservabilityServer`` in an in-process Hummingbird app, driven by HummingbirdTesting's
/// router framework (no socket): what `/`, `/metrics` and `/health` answer. The server's own lifecycle (its
/// port, its shutdown) is tested on a real socket through ``RunningServer``.
enum ObservabilityApp {
    /// A client of the app whose answers read like ``HTTPReply``s off the wire.
    struct Client: Sendable {
        let client: any TestClientProtocol

        /// The answer to `GET path`: status, lower-cased header names, body.
        func get(_ path: String) async throws -> HTTPReply {
            let response = try await client.execute(uri: path, method: .get)
            var headers: [String: String] = [:]
            for field in response.headers { headers[field.name.canonicalName] = field.value }
            return HTTPReply(
                status: Int(response.status.code), headers: headers, body: Data(response.body.readableBytesView))
        }
    }

    /// Runs `body` with a client of the routes over the shared metrics registry and `health`.
    static func test<Value: Sendable>(
        health: @escaping @Sendable () async -> HealthReport = { HealthReport(nodeID: "test-node", uptimeSeconds: 1) },
        _ body: @Sendable (Client) async throws -> Value
    ) async throws -> Value {
        let routes = ObservabilityRoutes(registry: BatchwireMetrics.bootstrap(), health: health)
        let application = Application(router: routes.router(), logger: RunningServer.logger)
        return try await application.test(.router) { client in try await body(Client(client: client)) }
    }
}
