import BatchwireCore
import BatchwireListeners
import Metrics

/// Counts job status changes by job and new status (`batchwire_job_status_changes_total{job, status}`), so
/// `/metrics` shows runs started, completed, failed and stopped.
struct RunMetricsListener: JobStatusChangedListener {
    func onEvent(_ event: BatchwireEvent) async throws {
        guard case .jobStatusChanged(let changed) = event else { return }
        Counter(
            label: "batchwire_job_status_changes_total",
            dimensions: [("job", changed.jobName), ("status", changed.status.name)]
        ).increment()
    }
}
