import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// `runInstantStep`: a step that does its work in no time (`noop`) is started and ended by one transition.
@Suite("Instant step transition")
struct InstantStepTransitionTests {
    private static func launch(_ t: TestStore, run: Int64 = 1) async throws -> JobExecution {
        try await t.repository.launch(
            jobName: "job", parameters: Fixtures.parameters(run: run),
            lease: ExecutionLease(nodeID: "node-1", expiresAt: Date().addingTimeInterval(30)),
            events: { execution, sequence in [OutboxEvent(topic: "t", payload: "created \(sequence.next())")] }
        ).execution
    }

    /// One event per row the builder is shown, named after it, so the test sees what it was given.
    private static let labels: @Sendable (InstantStepRows, inout OutboxSequence) throws -> [OutboxEvent] = { rows, sequence in
        var names: [String] = []
        if let job = rows.startedJob { names.append("job \(job.status.name)") }
        names.append("step \(rows.startedStep.status.name)")
        names.append("step \(rows.endedStep.status.name)")
        if let job = rows.endedJob { names.append("job \(job.status.name)") }
        return names.map { OutboxEvent(topic: "t", payload: "\($0) \(sequence.next())") }
    }

    @Test("the last step: step row inserted ended, job row moved once to its end, lease released, every event", arguments: TestBackend.allCases)
    func lastStepEndsTheJob(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var execution = try await Self.launch(t)
            var ending = execution
            ending.status = .completed
            ending.exitStatus = .completed
            ending.endTime = t.repository.now()
            let instant = try await t.repository.runInstantStep(
                of: &execution, stepName: "only", executionContext: ExecutionContext([("k", .string("v"))]),
                status: .completed, exitStatus: .completed, endingJob: ending, events: Self.labels)
            let id = "\(execution.id)"
            #expect(execution.status == .completed && execution.version == 1)
            #expect(instant.step.status == .completed && instant.step.startTime == instant.step.endTime)
            // One write of the job row: STARTING (version 0) straight to COMPLETED (version 1), with a start time.
            #expect(try await t.raw.scalar("SELECT STATUS FROM \(t.names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [id]) == "COMPLETED")
            #expect(try await t.raw.scalar("SELECT VERSION FROM \(t.names.jobExecution) WHERE JOB_EXECUTION_ID = ?", [id]) == "1")
            #expect(try await t.raw.scalar(
                "SELECT COUNT(*) FROM \(t.names.jobExecution) WHERE START_TIME IS NOT NULL AND END_TIME IS NOT NULL") == "1")
            #expect(try await t.raw.scalar("SELECT STATUS FROM \(t.names.stepExecution) WHERE JOB_EXECUTION_ID = ?", [id]) == "COMPLETED")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "0")
            let stored = try #require(try await t.explorer.getJobExecution(id: execution.id))
            #expect(stored.stepExecutions.first?.executionContext["k"] == .string("v"))
            let payloads = try await t.store.state.pendingEvents(limit: 10).filter { $0.jobExecutionID == execution.id }
                .map(\.event.payload)
            #expect(payloads == ["created 1", "job STARTED 2", "step STARTED 3", "step COMPLETED 4", "job COMPLETED 5"])
        }
    }

    @Test("a step with more to follow: the job row moves to STARTED only, and the lease stays", arguments: TestBackend.allCases)
    func middleStepLeavesTheJobRunning(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var execution = try await Self.launch(t)
            _ = try await t.repository.runInstantStep(
                of: &execution, stepName: "first", executionContext: ExecutionContext(), status: .completed,
                exitStatus: .completed, endingJob: nil, events: Self.labels)
            #expect(execution.status == .started && execution.version == 1 && execution.startTime != nil)
            // The job already STARTED: the second step writes no job row and no job event.
            let second = try await t.repository.runInstantStep(
                of: &execution, stepName: "second", executionContext: ExecutionContext(), status: .completed,
                exitStatus: .completed, endingJob: nil, events: Self.labels)
            #expect(second.events.map(\.payload) == ["step STARTED 5", "step COMPLETED 6"])
            #expect(execution.version == 1)
            #expect(try await t.raw.scalar("SELECT STATUS FROM \(t.names.jobExecution)") == "STARTED")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.stepExecution) WHERE STATUS = 'COMPLETED'") == "2")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.executionOwner)") == "1")
        }
    }

    @Test("a job row another process changed: refused, nothing written", arguments: TestBackend.allCases)
    func staleJobRowIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            var execution = try await Self.launch(t)
            var stopped = execution
            stopped.status = .stopping
            try await t.repository.update(&stopped)
            let refusal = await #expect(throws: StoreError.self) {
                _ = try await t.repository.runInstantStep(
                    of: &execution, stepName: "only", executionContext: ExecutionContext(), status: .completed,
                    exitStatus: .completed, endingJob: nil, events: Self.labels)
            }
            #expect(refusal?.code == .optimisticLockingFailure)
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.stepExecution)") == "0")
            #expect(try await t.raw.scalar("SELECT STATUS FROM \(t.names.jobExecution)") == "STOPPING")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox)") == "1")
        }
    }
}
