import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation

/// The operations of the dashboard, each through the same ``JobOperator`` the CLI and the MQTT commands use,
/// so the same Spring Batch rules refuse the same calls with the same messages.
struct DashboardOperations: Sendable {
    let jobOperator: JobOperator
    let configuration: DashboardConfiguration
    let onSchedulesChanged: @Sendable () async -> Void
    /// Called after an abandon, which changes an execution that had finished (the jobs page's kept totals):
    /// with its id, job, former and new status.
    let onFinishedExecutionChanged: @Sendable (Int64, String, BatchStatus, BatchStatus) -> Void

    /// The body of `POST /api/v1/jobs/{job}/start`.
    struct StartRequest: Decodable {
        /// Parameters in Spring's notation (`name=value,type,identifying` or `name(type)=value`).
        var parameters: [String]?
    }

    /// The body of `POST /api/v1/schedules/{selector}/pause`.
    struct PauseRequest: Decodable {
        /// Why (shown on the schedules and jobs pages).
        var reason: String?
    }

    /// What an operation did.
    struct Result: Encodable {
        var operation: String
        var executionId: Int64?
        var restartedExecutionId: Int64?
        var job: String?
        var status: String?
        var schedules: [String]?
    }

    func start(job: String, parameters: [String]) async throws(JobOperatorError) -> Result {
        let execution = try await jobOperator.start(jobName: job, parameters: parameters)
        return Result(operation: "start", executionId: execution.id, job: execution.jobName, status: execution.status.name)
    }

    func startNext(job: String) async throws(JobOperatorError) -> Result {
        let execution = try await jobOperator.startNextInstance(jobName: job)
        return Result(
            operation: "start-next", executionId: execution.id, job: execution.jobName, status: execution.status.name)
    }

    func restart(executionId: Int64) async throws(JobOperatorError) -> Result {
        let execution = try await jobOperator.restart(executionId: executionId)
        return Result(
            operation: "restart", executionId: execution.id, restartedExecutionId: executionId, job: execution.jobName,
            status: execution.status.name)
    }

    func stop(executionId: Int64) async throws(JobOperatorError) -> Result {
        try await jobOperator.stop(executionId: executionId)
        return Result(operation: "stop", executionId: executionId, status: BatchStatus.stopping.name)
    }

    func abandon(executionId: Int64) async throws(JobOperatorError) -> Result {
        let explorer = jobOperator.launcher.store.explorer
        let before = try await JobOperatorError.converting {
            try await explorer.getJobExecution(id: executionId, includingContexts: false)
        }
        let execution = try await jobOperator.abandon(executionId: executionId)
        if let before { onFinishedExecutionChanged(execution.id, execution.jobName, before.status, execution.status) }
        return Result(operation: "abandon", executionId: execution.id, job: execution.jobName, status: execution.status.name)
    }

    /// Pauses or resumes the schedules `selector` names (`job` or `job#schedule`) through
    /// ``JobOperator/setSchedulesPaused(_:selector:reason:changedBy:at:listedBy:afterChanges:)``, which tells the
    /// scheduler also after a partial failure so that what changed takes effect.
    func setPaused(_ paused: Bool, selector: String, reason: String?) async throws(JobOperatorError) -> Result {
        let ids = try await jobOperator.setSchedulesPaused(
            paused, selector: selector, reason: reason, changedBy: "http@\(configuration.nodeID)",
            at: configuration.now(), listedBy: "the schedules page", afterChanges: onSchedulesChanged)
        return Result(operation: paused ? "pause" : "resume", job: selector, schedules: ids)
    }
}
