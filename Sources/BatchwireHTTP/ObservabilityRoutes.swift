import Foundation
import Hummingbird
import Prometheus

/// The three routes of ``ObservabilityServer``.
struct ObservabilityRoutes: Sendable {
    /// The content type of the Prometheus text exposition format.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static let index = """
        Batchwire

        GET /metrics  Prometheus metrics (text format 0.0.4)
        GET /health   this node's health as JSON (503 when failing)

        """

    let registry: PrometheusCollectorRegistry
    let health: @Sendable () async -> HealthReport
    /// Adds more routes (the dashboard); when set, they serve `/` instead of the plain index.
    var additionalRoutes: (@Sendable (Router<BasicRequestContext>) -> Void)?

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let registry = self.registry
        let health = self.health
        if let additionalRoutes {
            additionalRoutes(router)
        } else {
            router.get("/") { _, _ in
                Self.response(.ok, contentType: "text/plain; charset=utf-8", body: Array(Self.index.utf8))
            }
        }
        router.get("/metrics") { _, _ in
            Self.response(.ok, contentType: Self.metricsContentType, body: registry.emitToBuffer())
        }
        router.get("/health") { _, _ in
            let report = await health()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try encoder.encode(report)
            return Self.response(
                report.status == .failing ? .serviceUnavailable : .ok,
                contentType: "application/json",
                body: Array(body)
            )
        }
        return router
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: [UInt8]) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
