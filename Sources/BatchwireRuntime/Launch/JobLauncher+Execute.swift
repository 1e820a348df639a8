import BatchwireCore
import BatchwireStore
import Foundation

extension JobLauncher {
    /// Runs one execution to its end; the body of the task ``run(_:parameters:fireTime:)`` starts.
    func execute(job: JobDefinition, execution: JobExecution, tracked: RunningExecution) async {
        let monitor = Task { [self] in await self.monitor(tracked, execution: execution) }
        var current = execution
        var recorded = true
        do {
            try await runJob(job, execution: &current, tracked: tracked)
        } catch {
            recorded = await fail(&current, error: error, tracked: tracked)
        }
        monitor.cancel()
        await monitor.value
        if recorded {
            do {
                try await store.state.releaseOwnership(jobExecutionID: current.id)
            } catch {
                logger.warning(
                    "could not release the execution's lease",
                    metadata: ["execution": "\(current.id)", "error": "\(error)"])
            }
        }
        forget(current.id)
        tracked.finish(current)
    }

    /// STARTING → STARTED, the steps in order, then COMPLETED, FAILED or STOPPED.
    private func runJob(_ job: JobDefinition, execution: inout JobExecution, tracked: RunningExecution) async throws {
        let repository = store.repository
        try await repository.synchronizeStatus(&execution)
        if execution.status == .stopping || tracked.isStopRequested {
            try await save(&execution, tracked) { execution in
                execution.status = .stopped
                execution.exitStatus = ExitStatus.stopped.addingExitDescription("stopped before it started")
                execution.endTime = repository.now()
            }
            return
        }
        try await save(&execution, tracked) { execution in
            execution.status = .started
            execution.startTime = repository.now()
        }
        var lastStep: StepExecution?
        var ranAny = false
        var interrupted = false
        for definition in job.steps {
            if try await isStopRequested(&execution, tracked) {
                interrupted = true
                break
            }
            let (step, ran) = try await runStep(definition, job: job, execution: execution, tracked: tracked)
            ranAny = ranAny || ran
            lastStep = step
            if step.status != .completed { break }
        }
        let stoppedBy = lastStep.flatMap { $0.status == .completed ? nil : $0 }
        let allDone = !ranAny
        let lastExit = lastStep?.exitStatus ?? .completed
        try await save(&execution, tracked) { execution in
            execution.endTime = repository.now()
            if let step = stoppedBy {
                execution.status = step.status == .stopping ? .stopped : step.status
                execution.exitStatus = step.exitStatus
            } else if interrupted {
                execution.status = .stopped
                execution.exitStatus = ExitStatus.stopped.addingExitDescription(
                    "stopped between steps; restart it to run the remaining steps")
            } else {
                execution.status = .completed
                execution.exitStatus =
                    allDone
                    ? lastExit.and(ExitStatus.noop.addingExitDescription(ExitStatus.allStepsCompletedDescription))
                    : lastExit
            }
        }
    }

    /// Records the execution FAILED with `error` in its exit description.
    /// - Returns: whether that was recorded (if not, the lease is kept so that recovery finds the execution).
    private func fail(_ execution: inout JobExecution, error: any Error, tracked: RunningExecution) async -> Bool {
        let reason = JobOperatorError.wrapping(error)
        logger.error("job execution failed", metadata: ["execution": "\(execution.id)", "error": "\(reason)"])
        let now = store.repository.now()
        do {
            try await failRunningSteps(of: execution, reason: reason.description)
            try await save(&execution, tracked) { execution in
                execution.status = .failed
                execution.exitStatus = ExitStatus.failed.addingExitDescription(reason.description)
                execution.endTime = now
            }
            return true
        } catch {
            logger.error(
                "could not record the failed execution; it stays running until a node recovers it",
                metadata: ["execution": "\(execution.id)", "error": "\(error)"])
            return false
        }
    }

    /// Marks FAILED the step executions of `execution` left running by an error, so that a restart is not
    /// refused as "already running".
    private func failRunningSteps(of execution: JobExecution, reason: String) async throws {
        guard let stored = try await store.explorer.getJobExecution(id: execution.id) else { return }
        for var step in stored.stepExecutions where step.status.isRunning {
            let previous = step.status
            step.status = .failed
            step.exitStatus = ExitStatus.failed.addingExitDescription(reason)
            step.endTime = store.repository.now()
            let recorded = try await store.repository.update(
                &step, events: events.stepChange(of: execution, previous: previous))
            dispatcher?.dispatch(recorded.events)
        }
    }

    /// Whether a stop was asked, here or in the database.
    private func isStopRequested(_ execution: inout JobExecution, _ tracked: RunningExecution) async throws -> Bool {
        if tracked.isStopRequested { return true }
        try await store.repository.synchronizeStatus(&execution)
        return execution.status == .stopping || execution.status == .stopped
    }

    /// Saves a change of the job execution with its event, then dispatches the event. Takes the stored
    /// status first (Spring's `synchronizeStatus`), so a stop written by another process is never lost.
    func save(
        _ execution: inout JobExecution, _ tracked: RunningExecution, _ change: (inout JobExecution) -> Void
    ) async throws {
        var attempt = 0
        while true {
            try await store.repository.synchronizeStatus(&execution)
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
            do {
                let recorded = try await store.repository.update(&next, events: events.jobChange(previous: previous))
                execution = next
                dispatcher?.dispatch(recorded)
                return
            } catch {
                attempt += 1
                guard isOptimisticLockingFailure(error), attempt < 5 else { throw error }
            }
        }
    }

    /// Polls the execution's status for a stop, renews the lease and the node's heartbeat.
    private func monitor(_ tracked: RunningExecution, execution: JobExecution) async {
        var sinceRenewal: Duration = .zero
        let poll = configuration.stopPollInterval
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: poll)
            } catch {
                return
            }
            sinceRenewal += poll
            if sinceRenewal >= configuration.leaseRenewInterval {
                sinceRenewal = .zero
                await renew(tracked)
            }
            guard !tracked.isStopRequested else { continue }
            var probe = JobExecution(
                id: execution.id, version: -1, jobInstance: execution.jobInstance, jobParameters: JobParameters(),
                status: .starting, createTime: execution.createTime)
            do {
                try await store.repository.synchronizeStatus(&probe)
            } catch {
                logger.warning(
                    "could not read the execution's status",
                    metadata: ["execution": "\(execution.id)", "error": "\(error)"])
                continue
            }
            if probe.status > .started {
                logger.info(
                    "stop requested; stopping the running step",
                    metadata: ["execution": "\(execution.id)", "status": "\(probe.status)"])
                tracked.requestStop()
            }
        }
    }

    private func renew(_ tracked: RunningExecution) async {
        let now = wallClock()
        do {
            try await store.state.heartbeat(
                nodeID: configuration.nodeID, hostName: ProcessInfo.processInfo.hostName, at: now)
            let owned = try await store.state.claimOwnership(
                jobExecutionID: tracked.id, nodeID: configuration.nodeID,
                leaseExpiresAt: now.addingTimeInterval(configuration.leaseDuration.seconds), at: now)
            if !owned {
                logger.error(
                    "another node took over the execution (its lease ran out); stopping it here",
                    metadata: ["execution": "\(tracked.id)"])
                tracked.requestStop()
            }
        } catch {
            logger.warning("could not renew the lease", metadata: ["execution": "\(tracked.id)", "error": "\(error)"])
        }
    }
}

/// Whether `error` is the store's stale-version error.
func isOptimisticLockingFailure(_ error: any Error) -> Bool {
    (error as? StoreError)?.code == .optimisticLockingFailure
}
