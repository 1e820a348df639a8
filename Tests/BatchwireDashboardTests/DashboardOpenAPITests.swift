import BatchwireDashboard
import BatchwireTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `docs/openapi.json` describes exactly the `/api/v1` routes the dashboard registers, and is what
/// `GET /api/v1/openapi.json` serves.
@Suite struct DashboardOpenAPITests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.json")

    /// `METHOD path` of every operation in the document.
    static func documented() throws -> Set<String> {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: document)) as? [String: Any]
        let paths = try #require(json?["paths"] as? [String: [String: Any]])
        #expect(json?["openapi"] as? String == "3.1.0")
        return Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await DashboardHarness.run(.sqlite) { harness, _ in
            let router = Router()
            harness.dashboard.addRoutes(to: router)
            let registered = Set(router.routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /api/") })
            #expect(registered.count >= 8)
            let documented = try Self.documented()
            #expect(registered.subtracting(documented).isEmpty, "not in docs/openapi.json: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "not registered: \(documented.subtracting(registered))")
        }
    }

    @Test func theServedDocumentIsTheOneInDocs() async throws {
        try await DashboardHarness.run(.sqlite) { _, client in
            let response = try await client.get("/api/v1/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let file = try String(contentsOf: Self.document, encoding: .utf8)
            #expect(text(response) == file, "paste docs/openapi.json into Sources/BatchwireDashboard/DashboardOpenAPI.swift")
        }
    }
}
