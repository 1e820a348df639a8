import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// Launches that share a group look their instances up together (one statement for the group): each still
/// gets Spring's answer for its own instance.
@Suite("Grouped launches look up their instances together")
struct GroupedInstanceLookupTests {
    private static func lease() -> ExecutionLease {
        ExecutionLease(nodeID: "node-1", expiresAt: Date().addingTimeInterval(30))
    }

    private static func events(_ execution: JobExecution, _ sequence: inout OutboxSequence) -> [OutboxEvent] {
        [OutboxEvent(topic: "t/\(execution.id)", payload: "{\"n\":\(sequence.next())}")]
    }

    @Test("new, completed and failed instances launched at once: created, refused, restarted", arguments: TestBackend.allCases)
    func mixedInstancesInOneBurst(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            // Ten COMPLETED and ten FAILED instances of job "j" (run.id 1…20); then launches of run.id 1…30 at once.
            for run in 1...20 {
                let launched = try await t.repository.launch(
                    jobName: "j", parameters: Fixtures.parameters(run: Int64(run)), lease: Self.lease(), events: Self.events)
                _ = try await t.repository.finish(launched.execution, run <= 10 ? .completed : .failed)
            }
            let outcomes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for run in 1...30 {
                    group.addTask {
                        do {
                            let launched = try await t.repository.launch(
                                jobName: "j", parameters: Fixtures.parameters(run: Int64(run)), lease: Self.lease(),
                                events: Self.events)
                            return (run, launched.isNewInstance ? "new" : "restarted \(launched.execution.jobInstance.id)")
                        } catch let error as StoreError {
                            return (run, error.code == .jobInstanceAlreadyComplete ? "complete" : "\(error)")
                        }
                    }
                }
                var all: [Int: String] = [:]
                for try await (run, outcome) in group { all[run] = outcome }
                return all
            }
            for run in 1...10 { #expect(outcomes[run] == "complete", "run \(run)") }
            for run in 21...30 { #expect(outcomes[run] == "new", "run \(run)") }
            let instances = try await t.raw.rows(
                "SELECT I.JOB_INSTANCE_ID, P.PARAMETER_VALUE FROM \(t.names.jobInstance) I JOIN \(t.names.jobExecution) E "
                    + "ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID JOIN \(t.names.jobExecutionParams) P "
                    + "ON P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID WHERE P.PARAMETER_NAME = 'run.id'")
            let instanceOfRun = Dictionary(instances.map { (Int($0[1] ?? "") ?? 0, $0[0] ?? "") }, uniquingKeysWith: { a, _ in a })
            // A FAILED instance runs again on the same instance.
            for run in 11...20 { #expect(outcomes[run] == "restarted \(instanceOfRun[run] ?? "?")", "run \(run)") }
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobInstance)") == "30")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "40")
        }
    }
}
