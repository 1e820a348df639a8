import BatchwireCore
import BatchwireListeners
import BatchwireRuntime
import BatchwireStore
import Foundation
import Testing

@Suite("Launcher")
struct LaunchTests {
    @Test("a two-step job completes and both steps are recorded", arguments: LaunchBackend.allCases)
    func twoStepsComplete(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("two", steps: [("one", "exit 0"), ("two", "exit 0")])
            let jobOperator = fixture.makeOperator()
            let started = try await jobOperator.start(jobName: "two", parameters: ["day(long)=1"])
            #expect(started.status == .starting)
            let ended = try await finished(jobOperator, started.id)
            #expect(ended.status == .completed)
            let stored = try #require(try await fixture.store.explorer.getJobExecution(id: started.id))
            #expect(stored.status == .completed)
            #expect(stored.exitStatus.exitCode == "COMPLETED")
            #expect(stored.startTime != nil && stored.endTime != nil)
            #expect(stored.stepExecutions.map(\.stepName) == ["one", "two"])
            #expect(stored.stepExecutions.allSatisfy { $0.status == .completed })
            #expect(jobOperator.launcher.runningExecutionIDs.isEmpty)
        }
    }

    @Test(
        "a failed second step: restart skips the completed first step and reruns the second",
        arguments: LaunchBackend.allCases)
    func restartSkipsCompletedStep(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let marker = fixture.file("ready")
            try fixture.register("resume", steps: [("first", "exit 0"), ("second", "test -f '\(marker)'")])
            let jobOperator = fixture.makeOperator()
            let first = try await finished(
                jobOperator, try await jobOperator.start(jobName: "resume", parameters: ["n=1"]).id)
            #expect(first.status == .failed)
            #expect(first.exitStatus.exitCode == "FAILED")
            _ = FileManager.default.createFile(atPath: marker, contents: Data())
            let second = try await finished(jobOperator, try await jobOperator.restart(executionId: first.id).id)
            #expect(second.status == .completed)
            #expect(second.jobInstance.id == first.jobInstance.id)
            let stored = try #require(try await fixture.store.explorer.getJobExecution(id: second.id))
            #expect(stored.stepExecutions.map(\.stepName) == ["second"])
            let instance = first.jobInstance
            #expect(
                try await fixture.store.repository.getStepExecutionCount(jobInstance: instance, stepName: "first") == 1)
            #expect(
                try await fixture.store.repository.getStepExecutionCount(jobInstance: instance, stepName: "second") == 2
            )
        }
    }

    @Test(
        "a step that reached its start limit fails the restart with StartLimitExceededException",
        arguments: LaunchBackend.allCases)
    func startLimit(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("limited", steps: [("only", "exit 3")]) { job in job.steps[0].startLimit = 1 }
            let jobOperator = fixture.makeOperator()
            let first = try await finished(
                jobOperator, try await jobOperator.start(jobName: "limited", parameters: ["n=1"]).id)
            #expect(first.status == .failed)
            let second = try await finished(jobOperator, try await jobOperator.restart(executionId: first.id).id)
            #expect(second.status == .failed)
            #expect(second.exitStatus.exitDescription.contains("StartLimitExceededException"))
            #expect(second.exitStatus.exitDescription.contains("only"))
            let stored = try #require(try await fixture.store.explorer.getJobExecution(id: second.id))
            #expect(stored.stepExecutions.isEmpty)
        }
    }

    @Test("a job that is not restartable refuses a restart", arguments: LaunchBackend.allCases)
    func notRestartable(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("once", steps: [("only", "exit 1")], restartable: false)
            let jobOperator = fixture.makeOperator()
            let first = try await finished(
                jobOperator, try await jobOperator.start(jobName: "once", parameters: ["n=1"]).id)
            #expect(first.status == .failed)
            let error = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.restart(executionId: first.id)
            }
            #expect(error?.code == .jobRestart)
            #expect(error?.springExceptionName == "org.springframework.batch.core.repository.JobRestartException")
        }
    }

    @Test(
        "a completed instance refuses a restart, and start refuses existing parameters",
        arguments: LaunchBackend.allCases)
    func alreadyComplete(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("done", steps: [("only", "exit 0")])
            let jobOperator = fixture.makeOperator()
            let first = try await finished(
                jobOperator, try await jobOperator.start(jobName: "done", parameters: ["n=1"]).id)
            #expect(first.status == .completed)
            let restart = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.restart(executionId: first.id)
            }
            #expect(restart?.code == .jobInstanceAlreadyComplete)
            let start = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.start(jobName: "done", parameters: ["n=1"])
            }
            #expect(start?.code == .jobInstanceAlreadyExists)
            let unknown = await #expect(throws: JobOperatorError.self) {
                try await jobOperator.start(jobName: "dnoe", parameters: [])
            }
            #expect(unknown?.code == .noSuchJob)
            #expect(unknown?.message.contains("done") == true)
        }
    }

    @Test(
        "listeners receive created, STARTING, STARTED, COMPLETED in order, and the outbox holds the same events",
        arguments: LaunchBackend.allCases)
    func listenerAndOutbox(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("observed", steps: [("only", "exit 0")]) { job in
                job.inputs = [DatasetDefinition(namespace: "mysql://db", name: "orders")]
            }
            let listener = RecordingListener()
            let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "recording", listener: listener)])
            let jobOperator = fixture.makeOperator(dispatcher: dispatcher)
            let execution = try await finished(
                jobOperator, try await jobOperator.start(jobName: "observed", parameters: ["n=1"]).id)
            #expect(execution.status == .completed)
            try await eventually("the COMPLETED event") { listener.received.compactMap(jobEventLabel).count >= 4 }
            #expect(listener.received.compactMap(jobEventLabel) == ["created", "STARTING", "STARTED", "COMPLETED"])
            guard case .jobCreated(let created) = listener.received.first else {
                Issue.record("the first event is not the created event")
                return
            }
            #expect(created.lineage.inputs.map(\.name) == ["orders"])
            #expect(created.jobExecutionId == execution.id)
            let stepLabels = listener.received.compactMap { event -> String? in
                if case .stepStatusChanged(let step) = event { return step.status.name }
                return nil
            }
            #expect(stepLabels == ["STARTING", "STARTED", "COMPLETED"])
            let outbox = try await fixture.store.state.pendingEvents(limit: 100)
                .filter { $0.jobExecutionID == execution.id }
            let stored = try outbox.map { try BatchwireEvent(jsonData: Data($0.event.payload.utf8)) }
            #expect(stored.map(\.eventId) == listener.received.map(\.eventId))
            #expect(outbox.map(\.sequenceNumber) == Array(1...Int64(outbox.count)))
            #expect(outbox.allSatisfy { $0.event.topic == "batchwire/events/observed" })
        }
    }
}
