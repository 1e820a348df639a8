import BatchwireCore
import BatchwireListeners
import BatchwireRuntime
import BatchwireStore
import Foundation
import Testing

/// `noop` steps run as instant steps: their start and end are one transition, with the same rows and events
/// as a step that takes time.
@Suite("Instant (noop) steps in a run")
struct InstantStepLaunchTests {
    @Test(
        "a one-noop job: the same events as a command step, the job row written once after its launch",
        arguments: LaunchBackend.allCases)
    func oneNoopStep(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try fixture.register("placeholder", steps: []) { job in job.steps = [StepDefinition(name: "join", kind: .noop)] }
            let listener = RecordingListener()
            let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "recording", listener: listener)])
            let jobOperator = fixture.makeOperator(dispatcher: dispatcher)
            let execution = try await finished(
                jobOperator, try await jobOperator.start(jobName: "placeholder", parameters: ["n=1"]).id)
            #expect(execution.status == .completed)
            #expect(execution.exitStatus.exitCode == "COMPLETED")
            try await eventually("the COMPLETED event") { listener.received.compactMap(jobEventLabel).count >= 4 }
            #expect(listener.received.compactMap(jobEventLabel) == ["created", "STARTING", "STARTED", "COMPLETED"])
            let stepLabels = listener.received.compactMap { event -> String? in
                if case .stepStatusChanged(let step) = event { return step.status.name }
                return nil
            }
            #expect(stepLabels == ["STARTING", "STARTED", "COMPLETED"])
            let stored = try #require(try await fixture.store.explorer.getJobExecution(id: execution.id))
            // Launched at version 0; one transition took it to COMPLETED (a start and an end would make it 2).
            #expect(stored.version == 1)
            #expect(stored.startTime != nil && stored.endTime != nil)
            #expect(stored.stepExecutions.map(\.status) == [.completed])
            #expect(stored.stepExecutions.first?.startTime != nil && stored.stepExecutions.first?.endTime != nil)
            let outbox = try await fixture.store.state.pendingEvents(limit: 100)
                .filter { $0.jobExecutionID == execution.id }
            #expect(outbox.map(\.sequenceNumber) == Array(1...Int64(outbox.count)))
            let payloads = try outbox.map { try BatchwireEvent(jsonData: Data($0.event.payload.utf8)) }
            #expect(payloads.map(\.eventId) == listener.received.map(\.eventId))
            #expect(jobOperator.launcher.runningExecutionIDs.isEmpty)
        }
    }

    @Test(
        "noop steps beside a command step: each noop in one transition, a failure after them restarts past them",
        arguments: LaunchBackend.allCases)
    func noopsAroundACommand(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let marker = fixture.file("ready")
            try fixture.register("mixed", steps: [("work", "test -f '\(marker)'")]) { job in
                job.steps.insert(StepDefinition(name: "begin", kind: .noop), at: 0)
                job.steps.append(StepDefinition(name: "end", kind: .noop))
            }
            let jobOperator = fixture.makeOperator()
            let first = try await finished(jobOperator, try await jobOperator.start(jobName: "mixed", parameters: ["n=1"]).id)
            #expect(first.status == .failed)
            let failed = try #require(try await fixture.store.explorer.getJobExecution(id: first.id))
            #expect(failed.stepExecutions.map(\.stepName) == ["begin", "work"])
            #expect(failed.stepExecutions.map(\.status) == [.completed, .failed])
            // STARTED with the noop, FAILED with the command step's end.
            #expect(failed.version == 2)

            _ = FileManager.default.createFile(atPath: marker, contents: Data())
            let second = try await finished(jobOperator, try await jobOperator.restart(executionId: first.id).id)
            #expect(second.status == .completed)
            let completed = try #require(try await fixture.store.explorer.getJobExecution(id: second.id))
            #expect(completed.stepExecutions.map(\.stepName) == ["work", "end"])
            #expect(completed.stepExecutions.allSatisfy { $0.status == .completed })
            #expect(completed.exitStatus.exitCode == "COMPLETED")
        }
    }
}
