import BatchwireCore
import BatchwireStore
import Foundation

extension JobOperator {
    /// Asks a running execution to stop (Spring 5's `stop`): marks it STOPPING in the database, with its
    /// event. The process that runs it notices within its poll interval, stops the running step (SIGTERM,
    /// SIGKILL after the grace period) and records STOPPED, which can be restarted.
    /// - Returns: `true`: the request was recorded (not that the execution has stopped yet).
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.jobExecutionNotRunning` (not STARTING or
    ///   STARTED), `.store`.
    @discardableResult
    public func stop(executionId: Int64) async throws(JobOperatorError) -> Bool {
        var attempts = 0
        while true {
            var execution = try await execution(executionId)
            guard execution.status == .started || execution.status == .starting else {
                throw JobOperatorError(
                    .jobExecutionNotRunning,
                    "JobExecution must be running so that it can be stopped: execution \(executionId) is "
                        + "\(execution.status)" + (execution.status == .stopping ? " (a stop was already asked)" : ""))
            }
            let previous = execution.status
            execution.status = .stopping
            do {
                try await record(&execution, previous: previous)
                launcher.stopLocally(executionId)
                return true
            } catch {
                attempts += 1
                // The owner changed the execution meanwhile (e.g. a step finished): read it again.
                guard isOptimisticLockingFailure(error), attempts < 5 else { throw JobOperatorError.wrapping(error) }
            }
        }
    }

    /// Marks an execution that is not running ABANDONED (Spring's `abandon`): its instance will not be
    /// restarted.
    /// - Returns: the abandoned execution.
    /// - Throws: ``JobOperatorError`` `.noSuchJobExecution`, `.jobExecutionAlreadyRunning` (STARTING,
    ///   STARTED or COMPLETED: stop it first, or recover it if its process died), `.store`.
    @discardableResult
    public func abandon(executionId: Int64) async throws(JobOperatorError) -> JobExecution {
        var execution = try await execution(executionId)
        if execution.status < .stopping || execution.status == .stopping && launcher.isRunningHere(executionId) {
            throw JobOperatorError(
                .jobExecutionAlreadyRunning,
                "JobExecution is running or complete and therefore cannot be abandoned: execution \(executionId) is "
                    + "\(execution.status); stop it first (batchwire stop \(executionId)) and abandon it once STOPPED")
        }
        let previous = execution.status
        execution.upgradeStatus(to: .abandoned)
        execution.endTime = store.repository.now()
        do {
            try await record(&execution, previous: previous)
        } catch {
            throw JobOperatorError.wrapping(error)
        }
        return execution
    }

    /// Saves a status change made by the operator with its event (numbered by the store after the
    /// execution's last event, in the same transaction), then dispatches the event.
    func record(_ execution: inout JobExecution, previous: BatchStatus) async throws {
        let recorded = try await store.repository.update(
            &execution, events: launcher.events.jobChange(previous: previous))
        launcher.dispatcher?.dispatch(recorded)
    }
}
