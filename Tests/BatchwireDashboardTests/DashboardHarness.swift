import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A dashboard over a fresh store (SQLite or the real MariaDB), served through HummingbirdTesting's router
/// client.
struct DashboardHarness: Sendable {
    static let token = "dashboard-test-token-0123456789"

    let fixture: LaunchFixture
    let jobOperator: JobOperator
    let dashboard: Dashboard

    /// Runs `body` with a client of the dashboard's routes; always cleans the store up.
    /// - Parameters:
    ///   - token: the operator token; `nil` makes the dashboard read-only.
    ///   - keepAlive: the event streams' keep-alive interval.
    ///   - outboxPoll: the outbox tail's interval.
    ///   - register: registers the jobs before the dashboard starts.
    static func run(
        _ backend: TestDatabase, token: String? = DashboardHarness.token,
        keepAlive: Duration = .seconds(15), outboxPoll: Duration = .seconds(1),
        register: (LaunchFixture) throws -> Void = { _ in },
        _ body: @Sendable (DashboardHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withLaunchFixture(backend) { fixture in
            try register(fixture)
            let jobOperator = fixture.makeOperator()
            var configuration = DashboardConfiguration(nodeID: "node-1", operatorToken: token)
            configuration.stepLogDirectory = fixture.directory.appendingPathComponent("logs")
            configuration.keepAliveInterval = keepAlive
            configuration.outboxPollInterval = outboxPoll
            let harness = DashboardHarness(
                fixture: fixture, jobOperator: jobOperator,
                dashboard: try Dashboard(jobOperator: jobOperator, configuration: configuration))
            let router = Router()
            harness.dashboard.addRoutes(to: router)
            try await Application(router: router).test(.router) { client in
                try await body(harness, client)
            }
        }
    }

    /// Waits until the launcher has finished the execution.
    func finish(_ id: Int64) async throws -> JobExecution {
        try await finished(jobOperator, id)
    }
}

/// The response body as text.
func text(_ response: TestResponse) -> String {
    String(buffer: response.body)
}

/// The response body decoded from JSON.
func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
}

/// Headers of an operation request: the token (when given) and a JSON body.
func operationHeaders(token: String? = DashboardHarness.token, contentType: String = "application/json") -> HTTPFields {
    var headers: HTTPFields = [.contentType: contentType]
    if let token { headers[.authorization] = "Bearer \(token)" }
    return headers
}

extension TestClientProtocol {
    /// `POST /api/v1/operations/<verb>` with a JSON body.
    func operate(_ verb: String, _ body: String, headers: HTTPFields = operationHeaders()) async throws -> TestResponse {
        try await execute(
            uri: "/api/v1/operations/\(verb)", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// `GET uri`.
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}

/// The `error` object of a refused request.
struct ErrorBody: Decodable {
    struct Fields: Decodable {
        let code: String
        let message: String
        let springException: String?
    }
    let error: Fields
}

/// The result of an operation.
struct OperationBody: Decodable {
    let operation: String
    let executionId: Int64?
    let status: String?
    let schedules: [String]?
}
