import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import Foundation
import Testing

/// Event numbers across processes: the owner, an operator on another store handle, a node that recovers a
/// dead owner's run. Every event of an execution carries the number of its outbox row, 1, 2, 3 … without
/// gaps, whoever wrote it.
@Suite("Per-execution event sequences across stop, abandon and recover")
struct ExecutionSequenceTests {
    static func sleeper(_ name: String) -> String {
        """
        name: \(name)
        steps:
          - name: nap
            command: ["/bin/sh", "-c", "exec sleep 30"]
        """
    }

    /// The execution's outbox rows, checked: numbered 1…n, each payload carrying its row's number.
    static func checkedEvents(
        _ harness: RunHarness, _ executionID: Int64, sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        async throws -> [BatchwireEvent]
    {
        let rows = try await harness.rows(of: executionID)
        let events = try rows.map { try decode($0.event.payload) }
        #expect(rows.map(\.sequenceNumber) == Array(1...Int64(rows.count)), sourceLocation: sourceLocation)
        #expect(
            events.map(\.sequence) == rows.map(\.sequenceNumber), "payload = column", sourceLocation: sourceLocation)
        #expect(events.allSatisfy { $0.jobExecutionId == executionID }, sourceLocation: sourceLocation)
        return events
    }

    @Test(
        "stop from another process, then abandon: the operator's events continue the owner's numbering",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func stopAndAbandon(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let harness = try RunHarness.make(temporary, node: "owner")
            defer { harness.cleanUp() }
            let job = "seq-stop-\(UUID().uuidString.prefix(8).lowercased())"
            try harness.register(yaml: Self.sleeper(job))
            let otherStore = try await temporary.openAgain()
            let other = RunHarness.makeOperator(
                store: otherStore, registry: harness.registry, node: "operator", directory: harness.directory)

            let execution = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
            try await eventually("the step to start", within: 10, every: .milliseconds(20)) {
                try await otherStore.explorer.getJobExecution(id: execution.id)?.stepExecutions.first?.status
                    == .started
            }
            #expect(try await other.stop(executionId: execution.id))
            #expect(try await finished(harness.jobOperator, execution.id, within: 10).status == .stopped)
            #expect(try await other.abandon(executionId: execution.id).status == .abandoned)

            let events = try await Self.checkedEvents(harness, execution.id)
            #expect(
                events.map(label) == [
                    "created", "STARTING", "STARTED", "nap STARTING", "nap STARTED", "STOPPING", "nap STOPPED",
                    "STOPPED", "ABANDONED",
                ])
            #expect(events.map(\.node) == ["owner"] * 5 + ["operator"] + ["owner"] * 2 + ["operator"])
            guard case .jobStatusChanged(let abandoned) = events.last else {
                Issue.record("the last event is not a job status change")
                return
            }
            #expect(abandoned.previousStatus == .stopped)
            await otherStore.close()
        }
    }

    @Test(
        "recover by another node while the owner still runs: one gapless numbering; the restart starts at 1",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func recoverAndRestart(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let harness = try RunHarness.make(temporary, node: "slow-node")
            defer { harness.cleanUp() }
            let job = "seq-recover-\(UUID().uuidString.prefix(8).lowercased())"
            try harness.register(yaml: Self.sleeper(job))
            let otherStore = try await temporary.openAgain()
            let rescuer = RunHarness.makeOperator(
                store: otherStore, registry: harness.registry, node: "rescuer", directory: harness.directory)

            let execution = try await harness.jobOperator.start(jobName: job, parameters: ["n=1"])
            try await eventually("the step to start", within: 10, every: .milliseconds(20)) {
                try await otherStore.explorer.getJobExecution(id: execution.id)?.stepExecutions.first?.status
                    == .started
            }
            // As if the owner had stalled: its lease is already over.
            let past = Date().addingTimeInterval(-60)
            #expect(
                try await otherStore.state.claimOwnership(
                    jobExecutionID: execution.id, nodeID: "slow-node", leaseExpiresAt: past, at: past))
            #expect(try await rescuer.recover().map(\.id) == [execution.id])
            #expect(try await finished(harness.jobOperator, execution.id, within: 10).status == .failed)

            let events = try await Self.checkedEvents(harness, execution.id)
            #expect(
                events.map(label) == [
                    "created", "STARTING", "STARTED", "nap STARTING", "nap STARTED", "nap FAILED", "FAILED",
                ])
            #expect(events.suffix(2).allSatisfy { $0.node == "rescuer" })

            // The restart is a new execution with its own numbering; stop it so the test ends quickly.
            let restarted = try await rescuer.restart(executionId: execution.id)
            try await eventually("the restarted step to start", within: 10, every: .milliseconds(20)) {
                try await otherStore.explorer.getJobExecution(id: restarted.id)?.stepExecutions.first?.status
                    == .started
            }
            try await rescuer.stop(executionId: restarted.id)
            #expect(try await finished(rescuer, restarted.id, within: 10).status == .stopped)
            let again = try await Self.checkedEvents(harness, restarted.id)
            #expect(again.first.map(label) == "created")
            #expect(again.count == 8)
            await otherStore.close()
        }
    }
}

extension Array {
    fileprivate static func * (element: [Element], count: Int) -> [Element] {
        Array((0..<count).flatMap { _ in element })
    }
}
