import BatchwireHTTP
import Testing

@Suite struct HealthReportTests {
    @Test func theOverallStatusIsTheWorstCheck() {
        let ok = HealthCheck(status: .ok, message: "fine")
        let degraded = HealthCheck(status: .degraded, message: "slow")
        let failing = HealthCheck(status: .failing, message: "down")
        #expect(HealthReport(nodeID: "n", uptimeSeconds: 0).status == .ok)
        #expect(HealthReport(nodeID: "n", uptimeSeconds: 0, checks: ["a": ok, "b": degraded]).status == .degraded)
        #expect(HealthReport(nodeID: "n", uptimeSeconds: 0, checks: ["a": failing, "b": degraded]).status == .failing)
    }

    @Test func statusesAreOrderedFromBestToWorst() {
        #expect(HealthStatus.ok < .degraded)
        #expect(HealthStatus.degraded < .failing)
        #expect(HealthStatus.worst(of: [.degraded, .ok]) == .degraded)
        #expect(HealthStatus.worst(of: []) == .ok)
    }
}
