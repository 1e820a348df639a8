import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// A launch by an incrementer reads the job's newest instance; Spring's unique key on `(JOB_NAME, JOB_KEY)`
/// cannot answer `MAX(JOB_INSTANCE_ID)` of a name without reading all of its instances.
@Suite("The job instances' name index")
struct InstanceNameIndexTests {
    @Test("init creates it on BATCH_JOB_INSTANCE, and the newest-instance read uses it", arguments: TestBackend.allCases)
    func indexIsCreatedAndUsed(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let name = t.names.prefix + "BW_JOB_INST_NAME_IX"
            #expect(t.store.schema.indexes.map(\.name).contains(name))
            for run in 1...300 {
                _ = try await t.repository.launch(
                    jobName: "job-\(run % 3)", parameters: Fixtures.parameters(run: Int64(run)),
                    lease: ExecutionLease(nodeID: "n", expiresAt: Date().addingTimeInterval(30)),
                    events: { _, sequence in [OutboxEvent(topic: "t", payload: "\(sequence.next())")] })
            }
            let query =
                "SELECT JOB_NAME, MAX(JOB_INSTANCE_ID) AS ID FROM \(t.names.jobInstance) WHERE JOB_NAME IN "
                + "('job-0', 'job-1') GROUP BY JOB_NAME"
            switch backend {
            case .sqlite:
                let plan = try await t.raw.rows("EXPLAIN QUERY PLAN " + query).map { $0.compactMap { $0 }.joined(separator: " ") }
                #expect(plan.contains { $0.contains(name) }, "\(plan)")
            case .mysql:
                try await t.raw.execute("ANALYZE TABLE \(t.names.jobInstance)")
                let plan = try await t.raw.rows("EXPLAIN " + query).map { $0.compactMap { $0 }.joined(separator: " ") }
                #expect(plan.contains { $0.contains(name) && $0.contains("Using index for group-by") }, "\(plan)")
            }
            let newest = try await t.explorer.getLastJobParameters(jobName: "job-0")
            #expect(newest["run.id"]?.value == .long(300))
        }
    }
}
