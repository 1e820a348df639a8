import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// Events are written in the transaction of the change they report, numbered by the store.
@Suite("Outbox events in the status-change transaction")
struct OutboxTransactionTests {
    struct BuilderFailure: Error {}

    /// A payload that carries the number the builder was given, as real events do.
    static func event(_ label: String, execution: Int64, sequence: Int64) -> OutboxEvent {
        OutboxEvent(
            topic: "bw/events/job",
            payload: "{\"label\":\"\(label)\",\"execution\":\(execution),\"sequence\":\(sequence)}")
    }

    /// `(SEQUENCE_NUMBER, payload)` of an execution's outbox rows, by sequence.
    static func rows(_ t: TestStore, execution: Int64) async throws -> [(Int64, String)] {
        try await t.raw.rows(
            "SELECT SEQUENCE_NUMBER, PAYLOAD FROM \(t.names.eventOutbox) WHERE JOB_EXECUTION_ID = ? "
                + "ORDER BY SEQUENCE_NUMBER",
            [String(execution)]
        ).map { (Int64($0[0] ?? "") ?? -1, $0[1] ?? "") }
    }

    static func count(_ t: TestStore, _ table: String) async throws -> Int {
        Int(try await t.raw.scalar("SELECT COUNT(*) FROM \(table)") ?? "") ?? -1
    }

    @Test(
        "the created execution and its events commit together, numbered 1, 2 with the new id",
        arguments: TestBackend.allCases)
    func createdTogether(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let (execution, events) = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in
                #expect(execution.status == .starting)
                return [
                    Self.event("created", execution: execution.id, sequence: sequence.next()),
                    Self.event("STARTING", execution: execution.id, sequence: sequence.next()),
                ]
            }
            #expect(
                events.map(\.payload) == [
                    Self.event("created", execution: execution.id, sequence: 1).payload,
                    Self.event("STARTING", execution: execution.id, sequence: 2).payload,
                ])
            let stored = try await Self.rows(t, execution: execution.id)
            #expect(stored.map(\.0) == [1, 2])
            #expect(stored.map(\.1) == events.map(\.payload))
        }
    }

    @Test(
        "a failure between creating the execution and writing its events rolls both back",
        arguments: TestBackend.allCases)
    func failureRollsBackTheExecution(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            // The builder fails after the execution row was inserted in the transaction.
            let thrown = await #expect(throws: StoreError.self) {
                _ = try await t.repository.createJobExecution(
                    jobName: "job", parameters: Fixtures.parameters(run: 1)
                ) { (_: JobExecution, _: inout OutboxSequence) throws -> [OutboxEvent] in throw BuilderFailure() }
            }
            #expect(thrown?.code == .invalidArgument)
            #expect(thrown?.underlying is BuilderFailure)
            #expect(try await Self.count(t, t.names.jobInstance) == 0)
            #expect(try await Self.count(t, t.names.jobExecution) == 0)
            #expect(try await Self.count(t, t.names.jobExecutionParams) == 0)
            #expect(try await Self.count(t, t.names.eventOutbox) == 0)

            // The events' INSERT itself fails (the outbox table is gone): the execution is not left behind.
            try await t.raw.execute("DROP TABLE \(t.names.eventOutbox)")
            let failed = await #expect(throws: StoreError.self) {
                _ = try await t.repository.createJobExecution(
                    jobName: "job", parameters: Fixtures.parameters(run: 1)
                ) { execution, sequence in [Self.event("created", execution: execution.id, sequence: sequence.next())] }
            }
            #expect(failed?.code == .database)
            #expect(try await Self.count(t, t.names.jobInstance) == 0)
            #expect(try await Self.count(t, t.names.jobExecution) == 0)
            #expect(try await Self.count(t, t.names.jobExecutionContext) == 0)
            // The same launch succeeds once the outbox is back: nothing half-written stood in its way.
            try await t.store.initializeSchema()
            let execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in [Self.event("created", execution: execution.id, sequence: sequence.next())] }
            #expect(try await Self.rows(t, execution: execution.execution.id).map(\.0) == [1])
        }
    }

    @Test("a failed status update writes no event, and a failed event write no status", arguments: TestBackend.allCases)
    func updateIsAtomic(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            var execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in [Self.event("created", execution: execution.id, sequence: sequence.next())] }
            .execution
            var stale = execution
            execution.status = .started
            try await t.repository.update(&execution) { saved, sequence in
                [Self.event(saved.status.name, execution: saved.id, sequence: sequence.next())]
            }
            // A stale version: the update fails, so its event is not written either.
            stale.status = .failed
            let lock = await #expect(throws: StoreError.self) {
                try await t.repository.update(&stale) { saved, sequence in
                    [Self.event("lost", execution: saved.id, sequence: sequence.next())]
                }
            }
            #expect(lock?.code == .optimisticLockingFailure)
            // A builder that fails: the status change is rolled back.
            var failing = execution
            failing.status = .completed
            _ = await #expect(throws: StoreError.self) {
                try await t.repository.update(&failing) {
                    (_: JobExecution, _: inout OutboxSequence) throws -> [OutboxEvent] in
                    throw BuilderFailure()
                }
            }
            #expect(try await t.explorer.getJobExecution(id: execution.id)?.status == .started)
            #expect(try await Self.rows(t, execution: execution.id).map(\.0) == [1, 2])
        }
    }

    @Test(
        "job, step and appended events share one gapless numbering per execution, payload = column",
        arguments: TestBackend.allCases)
    func sequencesAcrossWriters(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            var (execution, _) = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in
                [
                    Self.event("created", execution: execution.id, sequence: sequence.next()),
                    Self.event("STARTING", execution: execution.id, sequence: sequence.next()),
                ]
            }
            let other = try await t.repository.createJobExecution(
                jobName: "other", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in [Self.event("created", execution: execution.id, sequence: sequence.next())] }
            execution.status = .started
            try await t.repository.update(&execution) { saved, sequence in
                [Self.event("STARTED", execution: saved.id, sequence: sequence.next())]
            }
            var (step, _) = try await t.repository.createStepExecution(stepName: "one", jobExecutionID: execution.id) {
                step, sequence in
                #expect(step.id > 0)
                return [Self.event("step STARTING", execution: step.jobExecutionId, sequence: sequence.next())]
            }
            step.status = .started
            let (jobStatus, _) = try await t.repository.update(&step) { saved, sequence in
                [Self.event("step STARTED", execution: saved.jobExecutionId, sequence: sequence.next())]
            }
            #expect(jobStatus == .started)
            // An event appended on its own, then one through the plain overload (numbered, payload without it).
            try await t.store.state.appendEvents(jobExecutionID: execution.id) { sequence in
                [Self.event("appended", execution: execution.id, sequence: sequence.next())]
            }
            step.status = .completed
            try await t.repository.update(&step, events: [OutboxEvent(topic: "bw/events/job", payload: "{}")])
            execution.status = .completed
            try await t.repository.update(&execution) { saved, sequence in
                [Self.event("COMPLETED", execution: saved.id, sequence: sequence.next())]
            }
            let stored = try await Self.rows(t, execution: execution.id)
            #expect(stored.map(\.0) == Array(1...8))
            for (number, payload) in stored where payload != "{}" {
                #expect(payload.hasSuffix("\"sequence\":\(number)}"), "row \(number): \(payload)")
            }
            #expect(try await Self.rows(t, execution: other.execution.id).map(\.0) == [1])
        }
    }

    @Test(
        "concurrent writers of one execution (steps and the job) never share or skip a number",
        arguments: TestBackend.allCases)
    func concurrentWritersStayGapless(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1)
            ) { execution, sequence in [Self.event("created", execution: execution.id, sequence: sequence.next())] }
            .execution
            var steps: [StepExecution] = []
            for index in 0..<8 {
                steps.append(
                    try await t.repository.createStepExecution(stepName: "s\(index)", jobExecutionID: execution.id) {
                        step, sequence in
                        [Self.event("created \(step.id)", execution: execution.id, sequence: sequence.next())]
                    }.step)
            }
            let repository = t.repository
            let state = t.store.state
            try await withThrowingTaskGroup(of: Void.self) { group in
                for step in steps {
                    group.addTask {
                        var step = step
                        for status in [BatchStatus.started, .completed] {
                            step.status = status
                            try await repository.update(&step) { saved, sequence in
                                [
                                    Self.event(
                                        "\(saved.id) \(status)", execution: saved.jobExecutionId,
                                        sequence: sequence.next())
                                ]
                            }
                        }
                    }
                }
                group.addTask {
                    for index in 0..<4 {
                        try await state.appendEvents(jobExecutionID: execution.id) { sequence in
                            [Self.event("appended \(index)", execution: execution.id, sequence: sequence.next())]
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await Self.rows(t, execution: execution.id)
            let expected = 1 + 8 + 8 * 2 + 4
            #expect(stored.map(\.0) == (1...Int64(expected)).map { $0 })
            for (number, payload) in stored {
                #expect(payload.hasSuffix("\"sequence\":\(number)}"), "row \(number): \(payload)")
            }
        }
    }

    @Test(
        "a builder that takes more or fewer numbers than it returns events is refused", arguments: TestBackend.allCases)
    func miscountIsRefused(backend: TestBackend) async throws {
        try await TestStore.with(backend, Self.checkMiscount)
    }

    /// Takes two numbers for one event.
    static func miscounting(_ execution: JobExecution, _ sequence: inout OutboxSequence) -> [OutboxEvent] {
        _ = sequence.next()
        return [event("a", execution: execution.id, sequence: sequence.next())]
    }

    static func checkMiscount(_ t: TestStore) async throws {
        let refused = await #expect(throws: StoreError.self) {
            _ = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1), events: miscounting)
        }
        #expect(refused?.code == .invalidArgument)
        let executions = try await count(t, t.names.jobExecution)
        let events = try await count(t, t.names.eventOutbox)
        #expect(executions == 0)
        #expect(events == 0)
    }
}
