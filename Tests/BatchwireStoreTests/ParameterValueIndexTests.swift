import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// The dashboard's search by a parameter value reads the parameters through Batchwire's index on their values;
/// Spring's schema indexes them only by execution, so without it the search reads every parameter row.
@Suite("The job parameters' value index")
struct ParameterValueIndexTests {
    @Test("init creates it on BATCH_JOB_EXECUTION_PARAMS, and the search by value uses it", arguments: TestBackend.allCases)
    func indexIsCreatedAndUsed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let name = t.names.prefix + "BW_JOB_PARAM_VALUE_IX"
            #expect(t.store.schema.indexes.map(\.name).contains(name))
            for run in 1...300 {
                _ = try await t.repository.launch(
                    jobName: "job-\(run % 3)", parameters: Fixtures.parameters(run: Int64(run)),
                    lease: ExecutionLease(nodeID: "n", expiresAt: Date().addingTimeInterval(30)),
                    events: { _, sequence in [OutboxEvent(topic: "t", payload: "\(sequence.next())")] })
            }
            let query =
                "SELECT P.JOB_EXECUTION_ID FROM \(t.names.jobExecutionParams) P WHERE P.PARAMETER_VALUE = '150'"
            switch backend {
            case .sqlite:
                let plan = try await t.raw.rows("EXPLAIN QUERY PLAN " + query).map { $0.compactMap { $0 }.joined(separator: " ") }
                #expect(plan.contains { $0.contains(name) }, "\(plan)")
            case .mysql:
                try await t.raw.execute("ANALYZE TABLE \(t.names.jobExecutionParams)")
                let plan = try await t.raw.rows("EXPLAIN " + query).map { $0.compactMap { $0 }.joined(separator: " ") }
                #expect(plan.contains { $0.contains(name) }, "\(plan)")
            }
            let found = try await t.explorer.searchExecutions(ExecutionSearch(parameterValue: "150"))
            #expect(found.executions.map(\.jobName) == ["job-0"])
        }
    }
}
