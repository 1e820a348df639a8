import BatchwireCore
import BatchwireStore
import Foundation

extension JobLauncher {
    /// Runs one execution to its end; the body of the task ``run(_:parameters:fireTime:slot:)`` starts.
    func execute(job: JobDefinition, execution: JobExecution, isNewInstance: Bool, tracked: RunningExecution) async {
        var current = execution
        do {
            try await runJob(job, execution: &current, isNewInstance: isNewInstance, tracked: tracked)
        } catch {
            if tracked.hasLostLease {
                current = await recordedByNewOwner(current)
            } else {
                await fail(&current, error: error, tracked: tracked)
            }
        }
        forget(current.id)
        tracked.finish(current)
    }

    /// The execution as the node that took its lease over recorded it (read once it is no longer running,
    /// within a few seconds); what this process knows when that cannot be read.
    private func recordedByNewOwner(_ execution: JobExecution) async -> JobExecution {
        logger.warning(
            "this node lost the execution's lease; its new owner records how it ended",
            metadata: ["execution": "\(execution.id)"])
        for _ in 0..<50 {
            if let stored = try? await store.explorer.getJobExecution(id: execution.id), !stored.isRunning {
                return stored
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return execution
    }

    /// STARTING → STARTED (with the first step), the steps in order, then COMPLETED, FAILED or STOPPED (with
    /// the last step that ran, in one transition).
    private func runJob(
        _ job: JobDefinition, execution: inout JobExecution, isNewInstance: Bool, tracked: RunningExecution
    ) async throws {
        let repository = store.repository
        if tracked.isStopRequested {
            try await end(&execution, tracked) { execution in
                execution.status = .stopped
                execution.exitStatus = ExitStatus.stopped.addingExitDescription("stopped before it started")
                execution.endTime = repository.now()
            }
            return
        }
        var outcome = RunOutcome()
        for (index, definition) in job.steps.enumerated() {
            if tracked.isStopRequested {
                outcome.interrupted = true
                break
            }
            let isLast = index == job.steps.count - 1
            switch try await runStep(
                definition, job: job, execution: &execution, isNewInstance: isNewInstance, isLast: isLast,
                outcome: &outcome, tracked: tracked)
            {
            case .ended:
                return
            case .continue:
                continue
            }
        }
        // No step transition ended the job: it was stopped between steps, or every remaining step was skipped.
        if execution.status == .starting {
            try await save(&execution, tracked) { execution in
                execution.status = .started
                execution.startTime = repository.now()
            }
        }
        let concluded = outcome
        try await end(&execution, tracked) { execution in concluded.conclude(&execution, now: repository.now()) }
    }

    /// Records the execution FAILED with `error` in its exit description, with its running steps, and
    /// releases its lease. If even that cannot be written (the node stops while the database is away), the
    /// lease stays, so that recovery finds the execution.
    private func fail(_ execution: inout JobExecution, error: any Error, tracked: RunningExecution) async {
        let reason = JobOperatorError.wrapping(error)
        logger.error("job execution failed", metadata: ["execution": "\(execution.id)", "error": "\(reason)"])
        let now = store.repository.now()
        do {
            try await failRunningSteps(of: execution, reason: reason.description)
            try await end(&execution, tracked) { execution in
                execution.status = .failed
                execution.exitStatus = ExitStatus.failed.addingExitDescription(reason.description)
                execution.endTime = now
            }
        } catch {
            logger.error(
                "could not record the failed execution; it stays running until a node recovers it",
                metadata: ["execution": "\(execution.id)", "error": "\(error)"])
        }
    }

    /// Marks FAILED the step executions of `execution` left running by an error, so that a restart is not
    /// refused as "already running".
    private func failRunningSteps(of execution: JobExecution, reason: String) async throws {
        let id = execution.id
        guard let stored = try await persist(id, { () async throws in
            try await self.store.explorer.getJobExecution(id: id)
        }) else { return }
        for var step in stored.stepExecutions where step.status.isRunning {
            let previous = step.status
            step.status = .failed
            step.exitStatus = ExitStatus.failed.addingExitDescription(reason)
            step.endTime = store.repository.now()
            let changed = step
            let recorded = try await persist(id) { () async throws in
                var row = changed
                return try await self.store.repository.update(
                    &row, events: self.events.stepChange(of: execution, previous: previous))
            }
            dispatcher?.dispatch(recorded.events)
        }
    }

    /// Ends the execution with `change` in one transition that also releases its lease. When another process
    /// changed the row meanwhile, ends it through ``save(_:_:_:)`` instead, which takes the stored status
    /// first (an operator's stop is kept; another node's verdict is not overwritten).
    func end(
        _ execution: inout JobExecution, _ tracked: RunningExecution, _ change: (inout JobExecution) -> Void
    ) async throws {
        var next = execution
        change(&next)
        let previous = execution.status
        let id = execution.id
        let row = next
        do {
            let (saved, recorded) = try await persist(id) { () async throws in
                var written = row
                let recorded = try await self.store.repository.finishExecution(
                    &written, events: self.events.jobChange(previous: previous))
                return (written, recorded)
            }
            execution = saved
            dispatcher?.dispatch(recorded)
        } catch where isOptimisticLockingFailure(error) {
            try await save(&execution, tracked, change)
            try await persist(id) { () async throws in
                try await self.store.state.releaseOwnership(jobExecutionID: id)
            }
        }
    }

    /// Saves a change of the job execution with its event, then dispatches the event. Takes the stored
    /// status first (Spring's `synchronizeStatus`), so a stop written by another process is never lost.
    func save(
        _ execution: inout JobExecution, _ tracked: RunningExecution, _ change: (inout JobExecution) -> Void
    ) async throws {
        var attempt = 0
        let id = execution.id
        while true {
            let current = execution
            let synchronized = try await persist(id) { () async throws in
                var copy = current
                try await self.store.repository.synchronizeStatus(&copy)
                return copy
            }
            execution = synchronized
            let previous = execution.status
            if previous == .failed || previous == .abandoned || previous == .unknown {
                // Another node ended it (recovered after our lease ran out, or abandoned): keep its verdict.
                logger.warning(
                    "the execution was ended by another node; not overwriting its status",
                    metadata: ["execution": "\(execution.id)", "status": "\(previous)"])
                return
            }
            var next = execution
            change(&next)
            let row = next
            do {
                let (saved, recorded) = try await persist(id) { () async throws in
                    var written = row
                    let recorded = try await self.store.repository.update(
                        &written, events: self.events.jobChange(previous: previous))
                    return (written, recorded)
                }
                execution = saved
                dispatcher?.dispatch(recorded)
                return
            } catch {
                attempt += 1
                guard isOptimisticLockingFailure(error), attempt < 5 else { throw error }
            }
        }
    }

    /// Runs a store call of execution `id` until the database takes it: an outage delays the run's
    /// transitions, in order, and never loses one. Refusals (a stale version, Spring's rules) are thrown at
    /// once; so is the outage once the node stops and its grace period ran out (the lease then stays, so
    /// another node recovers the execution).
    func persist<T: Sendable>(_ id: Int64, _ body: @Sendable () async throws -> T) async throws -> T {
        var delay = Duration.milliseconds(50)
        var failures = 0
        while true {
            do {
                return try await body()
            } catch let error as StoreError where error.code == .database || error.code == .transactionConflict {
                noteStoreFailure()
                failures += 1
                if isPastStopDeadline { throw error }
                if failures == 1 || failures % 20 == 0 {
                    logger.warning(
                        "the database did not take the execution's transition; retrying until it does",
                        metadata: ["execution": "\(id)", "attempts": "\(failures)", "error": "\(error)"])
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}

/// How the steps of a run went, and the job's final state that follows from it.
struct RunOutcome: Sendable {
    /// The last step execution that ran or was skipped.
    var lastStep: StepExecution?
    /// Whether any step ran (not skipped as COMPLETED before).
    var ranAny = false
    /// Whether a stop came between steps.
    var interrupted = false

    /// Sets the job's final status, exit status and end time (Spring's rules for a job of sequential steps).
    func conclude(_ execution: inout JobExecution, now: LocalDateTime) {
        execution.endTime = now
        let lastExit = lastStep?.exitStatus ?? .completed
        if let step = lastStep, step.status != .completed {
            execution.status = step.status == .stopping ? .stopped : step.status
            execution.exitStatus = step.exitStatus
        } else if interrupted {
            execution.status = .stopped
            execution.exitStatus = ExitStatus.stopped.addingExitDescription(
                "stopped between steps; restart it to run the remaining steps")
        } else {
            execution.status = .completed
            execution.exitStatus =
                ranAny ? lastExit : lastExit.and(ExitStatus.noop.addingExitDescription(ExitStatus.allStepsCompletedDescription))
        }
    }
}

/// Whether `error` is the store's stale-version error.
func isOptimisticLockingFailure(_ error: any Error) -> Bool {
    (error as? StoreError)?.code == .optimisticLockingFailure
}
