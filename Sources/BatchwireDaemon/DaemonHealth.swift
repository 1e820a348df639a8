import BatchwireHTTP
import BatchwireRuntime
import BatchwireStore
import Foundation
import MosquittoClient

/// `/health` of one node: the database (a heartbeat write), the broker connection, the job files and the
/// scheduler. The database failing makes the node `failing` (503); a broker outage or a broken job file only
/// `degraded`, because the node still fires and keeps events in the outbox.
struct DaemonHealth: Sendable {
    let nodeID: String
    let store: MetadataStore
    let registry: JobRegistry
    let client: MQTTClient?
    /// The scheduler's counts (``Scheduler/scheduleCounts()``: no list of every schedule per request).
    let scheduleCounts: @Sendable () -> ScheduleCounts
    let started = Date()

    func report() async -> HealthReport {
        var checks: [String: HealthCheck] = [:]
        do {
            try await store.state.heartbeat(nodeID: nodeID, hostName: ProcessInfo.processInfo.hostName)
            checks["database"] = HealthCheck(status: .ok, message: "metadata store writable")
        } catch {
            checks["database"] = HealthCheck(status: .failing, message: "metadata store unreachable: \(error)")
        }
        if let client {
            checks["broker"] =
                client.isConnected
                ? HealthCheck(status: .ok, message: "connected")
                : HealthCheck(status: .degraded, message: "disconnected; events wait in the outbox")
        } else {
            checks["broker"] = HealthCheck(status: .ok, message: "no broker configured")
        }
        let errors = registry.errors
        checks["job-files"] =
            errors.isEmpty
            ? HealthCheck(status: .ok, message: "\(registry.jobCount) jobs loaded")
            : HealthCheck(status: .degraded, message: "\(errors.count) job file errors; first: \(errors[0])")
        let counts = scheduleCounts()
        checks["scheduler"] = HealthCheck(
            status: .ok, message: "\(counts.active) schedules active, \(counts.paused) paused")
        return HealthReport(nodeID: nodeID, uptimeSeconds: Date().timeIntervalSince(started), checks: checks)
    }
}
