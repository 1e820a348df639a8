import BatchwireHTTP
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct HealthEndpointTests {
    @Test(arguments: [
        (HealthStatus.ok, 200),
        (HealthStatus.degraded, 200),
        (HealthStatus.failing, 503),
    ])
    func healthAnswersTheReportWithAStatusCodeFromIt(status: HealthStatus, code: Int) async throws {
        let report = HealthReport(
            nodeID: "node-7",
            uptimeSeconds: 42.5,
            checks: [
                "database": HealthCheck(status: .ok, message: "connected"),
                "broker": HealthCheck(status: status, message: "broker is \(status.rawValue)"),
            ]
        )
        let reply = try await ObservabilityApp.test(health: { report }) { try await $0.get("/health") }

        #expect(reply.status == code)
        #expect(reply.headers["content-type"] == "application/json")
        #expect(try JSONDecoder().decode(HealthReport.self, from: reply.body) == report)
        let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
        #expect(json["status"] as? String == status.rawValue)
        #expect(json["node"] as? String == "node-7")
        #expect(json["uptimeSeconds"] as? Double == 42.5)
        let broker = try #require((json["checks"] as? [String: Any])?["broker"] as? [String: Any])
        #expect(broker["message"] as? String == "broker is \(status.rawValue)")
    }

    @Test func theHealthClosureIsAskedOnEveryRequest() async throws {
        let calls = CallCounter()
        let (first, second) = try await ObservabilityApp.test(health: {
            let call = await calls.next()
            return HealthReport(status: call == 1 ? .failing : .ok, nodeID: "n", uptimeSeconds: Double(call))
        }) { client in
            (try await client.get("/health"), try await client.get("/health"))
        }

        #expect(first.status == 503)
        #expect(second.status == 200)
        #expect(try JSONDecoder().decode(HealthReport.self, from: second.body).uptimeSeconds == 2)
    }

    @Test func indexListsTheEndpointsAndUnknownPathsAre404() async throws {
        let (index, unknown) = try await ObservabilityApp.test { client in
            (try await client.get("/"), try await client.get("/metricz"))
        }

        #expect(index.status == 200)
        #expect(index.text.contains("/metrics"))
        #expect(index.text.contains("/health"))
        #expect(unknown.status == 404)
    }
}

private actor CallCounter {
    private var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}
