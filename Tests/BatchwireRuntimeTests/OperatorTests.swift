import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Testing

@Suite("JobOperator")
struct OperatorTests {
    @Test(
        "stop from a second operator on the same database ends a running sleep STOPPED within seconds; restart then completes",
        arguments: LaunchBackend.allCases)
    func stopFromAnotherProcess(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let marker = fixture.file("second-run")
            try fixture.register(
                "sleeper", steps: [("nap", "if [ -f '\(marker)' ]; then exit 0; fi; touch '\(marker)'; exec sleep 30")])
            let owner = fixture.makeOperator(node: "owner")
            let otherStore = try await fixture.openAgain()
            let other = fixture.makeOperator(node: "other", store: otherStore)
            let execution = try await owner.start(jobName: "sleeper", parameters: ["n=1"])
            try await eventually("the step to start") {
                let stored = try await otherStore.explorer.getJobExecution(id: execution.id)
                return stored?.stepExecutions.first?.status == .started
            }
            #expect(try await other.getRunningExecutions(jobName: "sleeper") == [execution.id])
            let asked = Date()
            #expect(try await other.stop(executionId: execution.id))
            let stopped = try await finished(owner, execution.id, within: 8)
            #expect(Date().timeIntervalSince(asked) < 5)
            #expect(stopped.status == .stopped)
            let stored = try #require(try await otherStore.explorer.getJobExecution(id: execution.id))
            #expect(stored.status == .stopped)
            #expect(stored.stepExecutions.first?.status == .stopped)
            let again = await #expect(throws: JobOperatorError.self) { try await other.stop(executionId: execution.id) }
            #expect(again?.code == .jobExecutionNotRunning)
            // The restart runs in `other`'s launcher: wait there.
            let restarted = try await finished(other, try await other.restart(executionId: execution.id).id)
            #expect(restarted.status == .completed)
            #expect(restarted.jobInstance.id == execution.jobInstance.id)
            await otherStore.close()
        }
    }

    @Test(
        "abandon refuses a running execution and marks a stopped one ABANDONED, which cannot restart",
        arguments: LaunchBackend.allCases)
    func abandon(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("long", steps: [("nap", "exec sleep 30")])
            let jobOperator = fixture.makeOperator()
            let execution = try await jobOperator.start(jobName: "long", parameters: ["n=1"])
            let running = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.abandon(executionId: execution.id)
            }
            #expect(running?.code == .jobExecutionAlreadyRunning)
            try await jobOperator.stop(executionId: execution.id)
            #expect(try await finished(jobOperator, execution.id, within: 8).status == .stopped)
            let abandoned = try await jobOperator.abandon(executionId: execution.id)
            #expect(abandoned.status == .abandoned)
            #expect(try await fixture.store.explorer.getJobExecution(id: execution.id)?.status == .abandoned)
            let restart = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.restart(executionId: execution.id)
            }
            #expect(restart?.code == .jobInstanceAlreadyComplete)
        }
    }

    @Test(
        "recover marks an execution whose owner's lease expired FAILED, steps too, with the reason; restart works",
        arguments: LaunchBackend.allCases)
    func recover(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("orphan", steps: [("only", "exit 0")])
            let store = fixture.store
            // What a node killed with SIGKILL leaves: a STARTED execution, a STARTED step, an old lease.
            let execution = try await Self.startedExecution(of: "orphan", in: store)
            var step = try await store.repository.createStepExecution(stepName: "only", jobExecutionID: execution.id)
            step.status = .started
            try await store.repository.update(&step)
            let past = Date().addingTimeInterval(-120)
            try await store.state.heartbeat(nodeID: "dead-node", hostName: nil, at: past)
            #expect(
                try await store.state.claimOwnership(
                    jobExecutionID: execution.id, nodeID: "dead-node", leaseExpiresAt: past.addingTimeInterval(30),
                    at: past))

            let jobOperator = fixture.makeOperator(node: "survivor")
            let recovered = try await jobOperator.recover()
            #expect(recovered.map(\.id) == [execution.id])
            let stored = try #require(try await store.explorer.getJobExecution(id: execution.id))
            #expect(stored.status == .failed)
            #expect(stored.exitStatus.exitCode == "FAILED")
            let description = stored.exitStatus.exitDescription
            #expect(description.contains("node dead-node stopped heartbeating at"))
            #expect(description.contains("marked FAILED by node survivor"))
            #expect(description.contains("batchwire restart \(execution.id)"))
            #expect(stored.stepExecutions.first?.status == .failed)
            #expect(try await jobOperator.recover().isEmpty)
            let restarted = try await finished(jobOperator, try await jobOperator.restart(executionId: execution.id).id)
            #expect(restarted.status == .completed)
        }
    }

    /// A STARTED execution of `job` (parameter n=1), as a node leaves it while it runs.
    static func startedExecution(of job: String, in store: MetadataStore) async throws -> JobExecution {
        var execution = try await store.repository.createJobExecution(jobName: job, parameters: ["n": .init(.long(1))])
        execution.status = .started
        execution.startTime = store.repository.now()
        try await store.repository.update(&execution)
        return execution
    }

    /// Issue 15, item 6: a node restarted under the same id, recovering what its killed predecessor ran, was
    /// named as having "stopped heartbeating" while it heartbeats.
    @Test(
        "recovery by a node restarted under the same id (or of one) says the node was restarted, not that it stopped",
        arguments: [true, false])
    func recoveryAfterARestartUnderTheSameID(recoveredByItself: Bool) async throws {
        try await withLaunchFixture(.sqlite) { fixture in
            try fixture.register("orphan", steps: [("only", "exit 0")])
            let store = fixture.store
            let execution = try await Self.startedExecution(of: "orphan", in: store)
            let past = Date().addingTimeInterval(-120)
            #expect(
                try await store.state.claimOwnership(
                    jobExecutionID: execution.id, nodeID: "node-a", leaseExpiresAt: past.addingTimeInterval(30), at: past))
            // The restarted process of node-a heartbeats now.
            try await store.state.heartbeat(nodeID: "node-a", hostName: nil, at: Date())

            let recovering = fixture.makeOperator(node: recoveredByItself ? "node-a" : "node-b")
            #expect(try await recovering.recover().map(\.id) == [execution.id])
            let description = try #require(try await store.explorer.getJobExecution(id: execution.id)).exitStatus
                .exitDescription
            #expect(!description.contains("stopped heartbeating"), "\(description)")
            #expect(description.contains("process of node node-a that ran it ended"), "\(description)")
            #expect(description.contains("restarted"), "\(description)")
            #expect(description.contains("marked FAILED by node \(recoveredByItself ? "node-a" : "node-b")"))
        }
    }

    @Test(
        "an owner whose lease was taken over stops its step and keeps the recovering node's FAILED",
        arguments: LaunchBackend.allCases)
    func ownerLosesLease(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("stalled", steps: [("nap", "exec sleep 30")])
            let owner = fixture.makeOperator(node: "slow-node")
            let otherStore = try await fixture.openAgain()
            let other = fixture.makeOperator(node: "rescuer", store: otherStore)
            let execution = try await owner.start(jobName: "stalled", parameters: ["n=1"])
            try await eventually("the step to start") {
                try await otherStore.explorer.getJobExecution(id: execution.id)?.stepExecutions.first?.status
                    == .started
            }
            // As if the owner had stalled: its lease is already over.
            let past = Date().addingTimeInterval(-60)
            #expect(
                try await otherStore.state.claimOwnership(
                    jobExecutionID: execution.id, nodeID: "slow-node", leaseExpiresAt: past, at: past))
            #expect(try await other.recover().map(\.id) == [execution.id])
            let ended = try await finished(owner, execution.id, within: 8)
            #expect(ended.status == .failed)
            let stored = try #require(try await otherStore.explorer.getJobExecution(id: execution.id))
            #expect(stored.status == .failed)
            #expect(stored.exitStatus.exitDescription.contains("marked FAILED by node rescuer"))
            await otherStore.close()
        }
    }

    @Test("a live execution keeps its lease: recover leaves it alone", arguments: LaunchBackend.allCases)
    func recoverSkipsLive(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("live", steps: [("nap", "exec sleep 30")])
            let owner = fixture.makeOperator(node: "owner")
            let otherStore = try await fixture.openAgain()
            let other = fixture.makeOperator(node: "other", store: otherStore)
            let execution = try await owner.start(jobName: "live", parameters: ["n=1"])
            #expect(try await other.recover().isEmpty)
            try await owner.stop(executionId: execution.id)
            #expect(try await finished(owner, execution.id, within: 8).status == .stopped)
            await otherStore.close()
        }
    }

    @Test("run-id increments across launches and carries the previous parameters", arguments: LaunchBackend.allCases)
    func runID(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("counted", steps: [("only", "exit 0")])
            let jobOperator = fixture.makeOperator()
            var ids: [Int64] = []
            for _ in 0..<3 {
                let execution = try await jobOperator.startNextInstance(jobName: "counted")
                #expect(try await finished(jobOperator, execution.id).status == .completed)
                if case .long(let value) = execution.jobParameters["run.id"]?.value { ids.append(value) }
            }
            #expect(ids == [1, 2, 3])
            #expect(try await jobOperator.getJobInstances(jobName: "counted", start: 0, count: 10).count == 3)
            let none = try fixture.register("manual", steps: [("only", "exit 0")], incrementer: .none)
            let error = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.startNextInstance(jobName: none.name)
            }
            #expect(error?.code == .jobParametersNotFound)
        }
    }

    @Test("run-id: every scheduled run carries its own slot as fireTime; a run started by hand none", arguments: LaunchBackend.allCases)
    func runIDFireTimeIsThisRunsSlot(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("ticking", steps: [("only", "exit 0")])
            let jobOperator = fixture.makeOperator()
            var fireTimes: [JobParameter.Value?] = []
            for second in [0, 60, 120] {
                let slot = Date(timeIntervalSince1970: 1_800_000_000 + Double(second))
                let execution = try await jobOperator.startNextInstance(jobName: "ticking", fireTime: slot)
                #expect(try await finished(jobOperator, execution.id).status == .completed)
                let stored = try #require(try await fixture.store.explorer.getJobExecution(id: execution.id))
                #expect(stored.jobParameters["fireTime"]?.isIdentifying == false)
                fireTimes.append(stored.jobParameters["fireTime"]?.value)
            }
            #expect(fireTimes == [0, 60, 120].map { .date(Date(timeIntervalSince1970: 1_800_000_000 + Double($0))) })
            let byHand = try await jobOperator.startNextInstance(jobName: "ticking")
            #expect(try await finished(jobOperator, byHand.id).status == .completed)
            #expect(try await fixture.store.explorer.getJobExecution(id: byHand.id)?.jobParameters["fireTime"] == nil)
        }
    }

    @Test(
        "fire-time: two nodes starting the same slot at once meet on one instance; one wins",
        arguments: LaunchBackend.allCases)
    func fireTimeMeets(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("slotted", steps: [("only", "exit 0")], incrementer: .fireTime)
            let first = fixture.makeOperator(node: "a")
            let otherStore = try await fixture.openAgain()
            let second = fixture.makeOperator(node: "b", store: otherStore)
            let slot = Date(timeIntervalSince1970: 1_800_000_000)
            async let a = attempt { () async throws(JobOperatorError) -> JobExecution in
                try await first.startNextInstance(jobName: "slotted", fireTime: slot)
            }
            async let b = attempt { () async throws(JobOperatorError) -> JobExecution in
                try await second.startNextInstance(jobName: "slotted", fireTime: slot)
            }
            let results = await [a, b]
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            for case .failure(let error) in results {
                let expected: [JobOperatorError.Code] = [.jobExecutionAlreadyRunning, .jobInstanceAlreadyComplete]
                #expect(expected.contains(error.code), "\(error)")
                #expect(error.message.contains("was already started"))
            }
            guard let winner = winners.first else { return }
            let slotParameter = winner.jobParameters["fireTime"]
            #expect(slotParameter == JobParameter(.date(slot)))
            let owner = first.launcher.runningExecutionIDs.contains(winner.id) ? first : second
            _ = try? await finished(owner, winner.id)
            #expect(
                try await fixture.store.explorer.getJobInstances(jobName: "slotted", start: 0, count: 10).count == 1)
            await otherStore.close()
        }
    }

    @Test(
        "sequence: 10 concurrent startNextInstance calls give 10 distinct instances", arguments: LaunchBackend.allCases)
    func sequenceIsRaceFree(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("many", steps: [("only", "exit 0")], incrementer: .sequence)
            let jobOperator = fixture.makeOperator()
            let executions = try await withThrowingTaskGroup(of: JobExecution.self) { group in
                for _ in 0..<10 { group.addTask { try await jobOperator.startNextInstance(jobName: "many") } }
                return try await group.reduce(into: [JobExecution]()) { $0.append($1) }
            }
            #expect(Set(executions.map(\.jobInstance.id)).count == 10)
            for execution in executions { _ = try await finished(jobOperator, execution.id) }
        }
    }

    @Test("summaries and parameters in Spring's formats", arguments: LaunchBackend.allCases)
    func summaries(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("described", steps: [("only", "exit 0")])
            let jobOperator = fixture.makeOperator()
            let execution = try await jobOperator.start(jobName: "described", parameters: ["day(long,false)=5"])
            _ = try await finished(jobOperator, execution.id)
            let summary = try await jobOperator.getSummary(executionId: execution.id)
            #expect(summary.hasPrefix("JobExecution: id=\(execution.id), version="))
            #expect(summary.contains("status=COMPLETED"))
            #expect(summary.contains("'day':'{value=5, type=class java.lang.Long, identifying=false}'"))
            let steps = try await jobOperator.getStepExecutionSummaries(executionId: execution.id)
            #expect(steps.count == 1)
            #expect(steps.first?.summary.contains("name=only, status=COMPLETED") == true)
            #expect(try await jobOperator.getParameters(executionId: execution.id)["day"]?.isIdentifying == false)
            #expect(jobOperator.getJobNames() == ["described"])
            let instances = try await jobOperator.getJobInstances(jobName: "described", start: 0, count: 5)
            #expect(try await jobOperator.getExecutions(instanceId: try #require(instances.first)) == [execution.id])
            let missing = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.getSummary(executionId: 999)
            }
            #expect(missing?.code == .noSuchJobExecution)
        }
    }
}

/// The result of `body`, success or operator error.
func attempt(_ body: () async throws(JobOperatorError) -> JobExecution) async -> Result<JobExecution, JobOperatorError>
{
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
