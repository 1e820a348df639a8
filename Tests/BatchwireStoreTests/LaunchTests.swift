import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("JobRepository: launch rules, optimistic locking, steps and contexts")
struct LaunchTests {
    @Test("a first launch inserts instance, execution, parameters and context", arguments: TestBackend.allCases)
    func firstLaunch(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let execution = try await t.repository.createJobExecution(jobName: "nightly", parameters: Fixtures.specParameters)
            #expect(execution.status == .starting)
            #expect(execution.exitStatus == .unknown)
            #expect(execution.version == 0)
            #expect(execution.jobInstance.jobKey == Fixtures.specJobKey)
            #expect(execution.jobInstance.id == 1)
            #expect(execution.id == 1)
            #expect(try await t.repository.isJobInstanceExists(jobName: "nightly", parameters: Fixtures.specParameters))
            #expect(!(try await t.repository.isJobInstanceExists(jobName: "other", parameters: Fixtures.specParameters)))
            let loaded = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(loaded.jobParameters == Fixtures.specParameters)
            #expect(loaded.createTime == execution.createTime)
            #expect(loaded.lastUpdated == execution.lastUpdated)
            #expect(loaded.startTime == nil)
        }
    }

    @Test("Spring 5's rules: running, complete, not restartable, UNKNOWN, ABANDONED", arguments: TestBackend.allCases)
    func launchRules(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let repository = t.repository
            let parameters = Fixtures.parameters(run: 1)
            let first = try await repository.createJobExecution(jobName: "job", parameters: parameters)

            var error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            }
            #expect(error?.code == .jobExecutionAlreadyRunning)

            // FAILED → restart on the same instance, with the last job context.
            var failed = try await repository.finish(first, .failed)
            failed.executionContext["reader.position"] = .long(42)
            try await repository.updateExecutionContext(of: failed)
            let second = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            #expect(second.jobInstance.id == first.jobInstance.id)
            #expect(second.id > first.id)
            #expect(second.executionContext.long(forKey: "reader.position") == 42)

            // Not restartable.
            _ = try await repository.finish(second, .failed)
            error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: parameters, restartable: false)
            }
            #expect(error?.code == .jobRestart)
            #expect(error?.message.contains("not restartable") == true)

            // COMPLETED with identifying parameters.
            let third = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            _ = try await repository.finish(third, .completed)
            error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            }
            #expect(error?.code == .jobInstanceAlreadyComplete)

            // UNKNOWN.
            let other = Fixtures.parameters(run: 2)
            let unknown = try await repository.createJobExecution(jobName: "job", parameters: other)
            _ = try await repository.finish(unknown, .unknown)
            error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: other)
            }
            #expect(error?.code == .jobRestart)

            // ABANDONED.
            let abandonedParameters = Fixtures.parameters(run: 3)
            let abandoned = try await repository.createJobExecution(jobName: "job", parameters: abandonedParameters)
            _ = try await repository.finish(abandoned, .abandoned)
            error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: abandonedParameters)
            }
            #expect(error?.code == .jobInstanceAlreadyComplete)

            // A running step of the last execution blocks a restart even if the job row says FAILED.
            let stepParameters = Fixtures.parameters(run: 4)
            let withStep = try await repository.createJobExecution(jobName: "job", parameters: stepParameters)
            _ = try await repository.createStepExecution(stepName: "load", jobExecutionID: withStep.id)
            _ = try await repository.finish(withStep, .failed)
            error = await #expect(throws: StoreError.self) {
                _ = try await repository.createJobExecution(jobName: "job", parameters: stepParameters)
            }
            #expect(error?.code == .jobExecutionAlreadyRunning)
        }
    }

    @Test("5.x quirk: no identifying parameters re-runs a COMPLETED instance; 6.x rules refuse", arguments: TestBackend.allCases)
    func noIdentifyingParameters(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let parameters: JobParameters = ["note": JobParameter(.string("x"), identifying: false)]
            let first = try await t.repository.createJobExecution(jobName: "plain", parameters: parameters)
            #expect(first.jobInstance.jobKey == "d41d8cd98f00b204e9800998ecf8427e")
            _ = try await t.repository.finish(first, .completed)
            let again = try await t.repository.createJobExecution(jobName: "plain", parameters: parameters)
            #expect(again.jobInstance.id == first.jobInstance.id)
        }
        try await TestStore.with(backend, configure: { $0.launchRules = .spring6 }) { t in
            let first = try await t.repository.createJobExecution(jobName: "plain", parameters: JobParameters())
            _ = try await t.repository.finish(first, .completed)
            let error = await #expect(throws: StoreError.self) {
                _ = try await t.repository.createJobExecution(jobName: "plain", parameters: JobParameters())
            }
            #expect(error?.code == .jobInstanceAlreadyComplete)
        }
    }

    @Test("a stale job or step update is rejected with an optimistic locking failure", arguments: TestBackend.allCases)
    func staleUpdates(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            var a = try await t.repository.createJobExecution(jobName: "job", parameters: Fixtures.parameters(run: 1))
            var b = a
            a.status = .started
            try await t.repository.update(&a)
            #expect(a.version == 1)
            b.status = .stopping
            let error = await #expect(throws: StoreError.self) { try await t.repository.update(&b) }
            #expect(error?.code == .optimisticLockingFailure)
            #expect(error?.message.contains("wrong version (0), where current version is 1") == true)
            #expect(b.version == 0)

            // Spring's protocol: synchronize, then update.
            #expect(try await t.repository.synchronizeStatus(&b))
            #expect(b.version == 1)
            #expect(b.status == .stopping)
            try await t.repository.update(&b)
            #expect(try await t.explorer.getJobExecution(id: b.id)?.version == 2)

            var step = try await t.repository.createStepExecution(stepName: "s", jobExecutionID: a.id)
            var staleStep = step
            step.readCount = 10
            let jobStatus = try await t.repository.update(&step)
            #expect(jobStatus == .stopping)
            #expect(step.isTerminateOnly)
            staleStep.readCount = 5
            let stepError = await #expect(throws: StoreError.self) { try await t.repository.update(&staleStep) }
            #expect(stepError?.code == .optimisticLockingFailure)

            var ghost = a
            ghost = JobExecution(id: 9999, jobInstance: a.jobInstance, jobParameters: a.jobParameters, createTime: a.createTime)
            let missing = await #expect(throws: StoreError.self) { try await t.repository.update(&ghost) }
            #expect(missing?.code == .noSuchJobExecution)
        }
    }

    @Test("STOPPING with an END_TIME is written as STOPPED; long exit messages are cut to 2,500", arguments: TestBackend.allCases)
    func updateRules(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            var execution = try await t.repository.createJobExecution(jobName: "job", parameters: Fixtures.parameters(run: 1))
            execution.status = .stopping
            execution.endTime = t.repository.now()
            execution.exitStatus = ExitStatus("FAILED", description: String(repeating: "é", count: 2600))
            try await t.repository.update(&execution)
            #expect(execution.status == .stopped)
            let row = try await t.raw.rows(
                "SELECT STATUS, EXIT_MESSAGE FROM \(t.names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [String(execution.id)])
            #expect(row[0][0] == "STOPPED")
            #expect(row[0][1]?.count == 2500)
        }
    }

    @Test("steps: create, update, last step across executions, counts", arguments: TestBackend.allCases)
    func steps(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let repository = t.repository
            let parameters = Fixtures.parameters(run: 7)
            let first = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            var load = try await repository.createStepExecution(
                stepName: "load", jobExecutionID: first.id, executionContext: ExecutionContext([("k", .string("v"))]))
            #expect(load.status == .starting)
            #expect(load.exitStatus == .executing)
            load.status = .failed
            load.readCount = 3
            load.writeCount = 2
            load.exitStatus = .failed
            load.endTime = repository.now()
            try await repository.update(&load)
            load.executionContext["k"] = .string("w")
            try await repository.updateExecutionContext(of: load)
            _ = try await repository.finish(first, .failed)

            let second = try await repository.createJobExecution(jobName: "job", parameters: parameters)
            let last = try #require(try await repository.getLastStepExecution(jobInstance: second.jobInstance, stepName: "load"))
            #expect(last.id == load.id)
            #expect(last.readCount == 3)
            #expect(last.status == .failed)
            #expect(last.executionContext.string(forKey: "k") == "w")
            _ = try await repository.createStepExecution(stepName: "load", jobExecutionID: second.id)
            #expect(try await repository.getStepExecutionCount(jobInstance: second.jobInstance, stepName: "load") == 2)
            #expect(try await repository.getStepExecutionCount(jobInstance: second.jobInstance, stepName: "none") == 0)
            let newest = try #require(try await repository.getLastStepExecution(jobInstance: second.jobInstance, stepName: "load"))
            #expect(newest.jobExecutionId == second.id)
            #expect(try await repository.getLastStepExecution(jobInstance: second.jobInstance, stepName: "none") == nil)

            let lastExecution = try #require(try await repository.getLastJobExecution(jobName: "job", parameters: parameters))
            #expect(lastExecution.id == second.id)
            #expect(lastExecution.stepExecutions.map(\.stepName) == ["load"])

            let error = await #expect(throws: StoreError.self) {
                _ = try await repository.createStepExecution(stepName: "x", jobExecutionID: 424242)
            }
            #expect(error?.code == .noSuchJobExecution)
        }
    }
}
