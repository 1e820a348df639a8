import Foundation
import Metrics

/// The scheduler's metrics, through swift-metrics (exported by whatever backend the process bootstrapped;
/// `batchwire serve` uses Prometheus on `/metrics`).
///
/// - `batchwire_schedule_fires_total{job, outcome}`: slots by outcome (started, skipped, missed, failed,
///   claimed-elsewhere).
/// - `batchwire_schedule_fire_lateness_seconds`: how late on-time runs started after their slot was due.
/// - `batchwire_schedules{state}`: schedules active and paused on this node.
enum SchedulerMetrics {
    static func count(_ outcome: ScheduleFireOutcome) {
        Counter(label: "batchwire_schedule_fires_total", dimensions: [("job", outcome.jobName), ("outcome", outcome.kind.rawValue)])
            .increment()
        if let lateness = outcome.lateness {
            Metrics.Timer(label: "batchwire_schedule_fire_lateness_seconds").recordNanoseconds(Int64(max(0, lateness) * 1e9))
        }
    }

    static func schedules(active: Int, paused: Int) {
        Gauge(label: "batchwire_schedules", dimensions: [("state", "active")]).record(active)
        Gauge(label: "batchwire_schedules", dimensions: [("state", "paused")]).record(paused)
    }
}
