import Testing

@testable import BatchwireCore

/// Launch/restart rules (spec §7), step start rules and the run-id incrementer (spec §8).
@Suite struct LaunchRulesTests {
    private let now = LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!
    private let instance = JobInstance(id: 7, jobName: "nightly", jobKey: "116e9dade2ca26007a4a2af4ae448aa7")
    private let identifying: JobParameters = ["run.id": JobParameter(.long(1))]

    private func execution(
        _ id: Int64, _ status: BatchStatus, parameters: JobParameters? = nil, steps: [StepExecution] = [],
        context: ExecutionContext = ExecutionContext()
    ) -> JobExecution {
        JobExecution(
            id: id, jobInstance: instance, jobParameters: parameters ?? identifying, status: status, createTime: now,
            executionContext: context, stepExecutions: steps)
    }

    private func step(_ id: Int64, _ name: String, _ status: BatchStatus, jobExecutionId: Int64 = 1) -> StepExecution {
        StepExecution(id: id, stepName: name, jobExecutionId: jobExecutionId, status: status, createTime: now)
    }

    private func refusal(
        _ policy: JobLaunchPolicy, _ executions: [JobExecution], restartable: Bool = true
    ) -> JobLaunchError? {
        do {
            _ = try policy.decide(instance: instance, executions: executions, jobIsRestartable: restartable)
            return nil
        } catch {
            return error
        }
    }

    @Test func noInstanceCreatesOne() throws {
        #expect(try JobLaunchPolicy().decide(instance: nil, executions: [], jobIsRestartable: false) == .createInstance)
    }

    @Test func failedOrStoppedRestartsWithTheLastContext() throws {
        let context = ExecutionContext([("reader.position", .long(42))])
        let executions = [execution(1, .failed), execution(2, .stopped, context: context)]
        let decision = try JobLaunchPolicy().decide(instance: instance, executions: executions, jobIsRestartable: true)
        #expect(decision == .restart(instance: instance, lastExecution: executions[1], executionContext: context))
    }

    @Test(arguments: [BatchStatus.starting, .started, .stopping])
    func runningIsRefused(status: BatchStatus) {
        let error = refusal(JobLaunchPolicy(), [execution(1, .failed), execution(2, status)])
        #expect(error?.code == .jobExecutionAlreadyRunning)
        #expect(
            error?.springExceptionName
                == "org.springframework.batch.core.repository.JobExecutionAlreadyRunningException")
    }

    @Test func unknownIsRefused() {
        let error = refusal(JobLaunchPolicy(), [execution(1, .unknown)])
        #expect(error?.code == .jobRestart)
        #expect(error?.message.hasPrefix("Cannot restart job from UNKNOWN status.") == true)
    }

    @Test(arguments: [BatchStatus.completed, .abandoned])
    func completeIsRefusedWithIdentifyingParameters(status: BatchStatus) {
        let error = refusal(JobLaunchPolicy(), [execution(1, status)])
        #expect(error?.code == .jobInstanceAlreadyComplete)
        #expect(error?.message.contains("change the parameters") == true)
    }

    /// spring-batch #4755: 5.x re-runs a finished instance that has no identifying parameters; 6.x refuses.
    @Test func completeWithoutIdentifyingParametersDiffersBetweenGenerations() throws {
        let executions = [
            execution(1, .completed, parameters: ["note": JobParameter(.string("x"), identifying: false)])
        ]
        let decision = try JobLaunchPolicy(rules: .v5).decide(
            instance: instance, executions: executions, jobIsRestartable: true)
        guard case .restart = decision else {
            Issue.record("expected a re-run")
            return
        }
        #expect(refusal(JobLaunchPolicy(rules: .v6), executions)?.code == .jobInstanceAlreadyComplete)
    }

    /// 5.x checks restartability first (even over COMPLETED); 6.x checks the executions first.
    @Test func notRestartableOrder() {
        let v5 = refusal(JobLaunchPolicy(rules: .v5), [execution(1, .completed)], restartable: false)
        #expect(v5?.code == .jobRestart)
        #expect(v5?.message.hasPrefix("JobInstance already exists and is not restartable") == true)
        let v6 = refusal(JobLaunchPolicy(rules: .v6), [execution(1, .completed)], restartable: false)
        #expect(v6?.code == .jobInstanceAlreadyComplete)
        #expect(refusal(JobLaunchPolicy(), [execution(1, .failed)], restartable: false)?.code == .jobRestart)
    }

    @Test func stepsOfTheLastExecution() {
        let running = execution(2, .failed, steps: [step(10, "load", .started, jobExecutionId: 2)])
        #expect(refusal(JobLaunchPolicy(), [execution(1, .failed), running])?.code == .jobExecutionAlreadyRunning)
        let unknown = execution(2, .failed, steps: [step(10, "load", .unknown, jobExecutionId: 2)])
        let error = refusal(JobLaunchPolicy(), [unknown])
        #expect(error?.code == .jobRestart)
        #expect(error?.message.hasPrefix("Cannot restart step [load] from UNKNOWN status.") == true)
    }

    @Test func instanceWithoutExecutions() {
        #expect(refusal(JobLaunchPolicy(), [])?.code == .illegalState)
    }

    @Test func stepStartRules() throws {
        let policy = StepStartPolicy()
        #expect(
            try policy.decide(stepName: "s", lastStepExecution: nil, currentJobExecutionId: 2, startCount: 0)
                == .start(executionContext: ExecutionContext()))
        let completed = step(1, "s", .completed)
        #expect(
            try policy.decide(stepName: "s", lastStepExecution: completed, currentJobExecutionId: 2, startCount: 1)
                == .skip(previous: completed))
        let abandoned = step(1, "s", .abandoned)
        #expect(
            try StepStartPolicy(allowStartIfComplete: true).decide(
                stepName: "s", lastStepExecution: abandoned, currentJobExecutionId: 2, startCount: 1)
                == .skip(previous: abandoned))
        #expect(
            try StepStartPolicy(allowStartIfComplete: true).decide(
                stepName: "s", lastStepExecution: completed, currentJobExecutionId: 2, startCount: 1)
                == .start(executionContext: ExecutionContext()))

        var failed = step(1, "s", .failed)
        failed.executionContext = ExecutionContext([("reader.position", .long(9)), ("batch.executed", .boolean(true))])
        #expect(
            try policy.decide(stepName: "s", lastStepExecution: failed, currentJobExecutionId: 2, startCount: 1)
                == .start(executionContext: ExecutionContext([("reader.position", .long(9))])))

        #expect(throws: JobLaunchError.self) {
            try policy.decide(
                stepName: "s", lastStepExecution: step(1, "s", .unknown), currentJobExecutionId: 2, startCount: 1)
        }
        do {
            _ = try StepStartPolicy(startLimit: 2).decide(
                stepName: "s", lastStepExecution: failed, currentJobExecutionId: 2, startCount: 2)
            Issue.record("expected the start limit to be exceeded")
        } catch {
            #expect(error.code == .startLimitExceeded)
        }
        let unlimited = try StepStartPolicy(startLimit: 0).decide(
            stepName: "s", lastStepExecution: failed, currentJobExecutionId: 2, startCount: 1_000)
        #expect(unlimited == .start(executionContext: ExecutionContext([("reader.position", .long(9))])))
        // A step execution of the current job execution is ignored.
        #expect(
            try policy.decide(
                stepName: "s", lastStepExecution: step(5, "s", .completed, jobExecutionId: 2), currentJobExecutionId: 2,
                startCount: 1) == .start(executionContext: ExecutionContext()))
    }

    @Test func runIdIncrementer() throws {
        let first = try RunIdIncrementer().next(after: JobParameters())
        #expect(first == ["run.id": JobParameter(.long(1))])
        let previous: JobParameters = [
            "run.id": JobParameter(.long(41), identifying: false),
            "input": JobParameter(.string("a.csv"), identifying: false),
        ]
        let v5 = try RunIdIncrementer().next(after: previous)
        #expect(v5["run.id"] == JobParameter(.long(42)))
        #expect(v5["input"] == JobParameter(.string("a.csv"), identifying: false))
        let v6 = try RunIdIncrementer(rules: .v6).next(after: previous)
        #expect(v6["run.id"] == JobParameter(.long(42), identifying: false))
        #expect(
            try RunIdIncrementer().next(after: ["run.id": JobParameter(.string("5"))])["run.id"]
                == JobParameter(.long(6)))
        #expect(try RunIdIncrementer(key: "seq").next(after: JobParameters())["seq"] == JobParameter(.long(1)))
        #expect(throws: JobParameterError.self) {
            try RunIdIncrementer().next(after: ["run.id": JobParameter(.double(5.0))])
        }
    }

    @Test func executionDefaultsAndStatusToPersist() {
        var job = JobExecution.starting(id: 3, jobInstance: instance, jobParameters: identifying, now: now)
        #expect(job.status == .starting && job.exitStatus == .unknown && job.version == 0)
        #expect(job.createTime == now && job.lastUpdated == now && job.startTime == nil)
        job.upgradeStatus(to: .stopping)
        #expect(job.statusToPersist == .stopping)
        job.endTime = now
        #expect(job.statusToPersist == .stopped)
        let stepExecution = step(1, "s", .starting)
        #expect(stepExecution.exitStatus == .executing)
        #expect(instance.description == "JobInstance: id=7, version=0, Job=[nightly]")
    }
}
