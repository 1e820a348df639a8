import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// `getLastJobParameters` asked for many jobs at once: read together, each job still gets the parameters of
/// the last execution of its own newest instance.
@Suite("Last parameters of many jobs read together")
struct LastParametersReadsTests {
    private static func launch(_ t: TestStore, _ job: String, _ parameters: JobParameters) async throws -> JobExecution {
        try await t.repository.launch(
            jobName: job, parameters: parameters, lease: ExecutionLease(nodeID: "n", expiresAt: Date().addingTimeInterval(30)),
            events: { _, sequence in [OutboxEvent(topic: "t", payload: "\(sequence.next())")] }
        ).execution
    }

    @Test("80 jobs asked at once: each its newest instance's last execution, a job that never ran none", arguments: TestBackend.allCases)
    func manyJobsAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            // Job k has k % 4 + 1 instances (run.id 1…); its newest instance failed once and ran again with
            // another non-identifying note, which the incrementer must see.
            for k in 0..<80 {
                for run in 1...(k % 4 + 1) {
                    let parameters: JobParameters = [
                        "run.id": JobParameter(.long(Int64(run))), "note": JobParameter(.string("job\(k)-first"), identifying: false),
                    ]
                    let first = try await Self.launch(t, "job-\(k)", parameters)
                    _ = try await t.repository.finish(first, .failed)
                    if run == k % 4 + 1 {
                        var again = parameters
                        again["note"] = JobParameter(.string("job\(k)-again"), identifying: false)
                        _ = try await Self.launch(t, "job-\(k)", again)
                    }
                }
            }
            // Twice: the second round runs the same statements again (prepared and cached on the connection).
            for _ in 1...2 {
                let read = try await withThrowingTaskGroup(of: (Int, JobParameters).self) { group in
                    for k in 0..<81 {
                        group.addTask { (k, try await t.explorer.getLastJobParameters(jobName: "job-\(k)")) }
                    }
                    var all: [Int: JobParameters] = [:]
                    for try await (k, parameters) in group { all[k] = parameters }
                    return all
                }
                for k in 0..<80 {
                    #expect(read[k]?["run.id"]?.value == .long(Int64(k % 4 + 1)), "job \(k)")
                    #expect(read[k]?["note"]?.value == .string("job\(k)-again"), "job \(k)")
                    #expect(read[k]?.count == 2, "job \(k)")
                }
                #expect(read[80]?.isEmpty == true)
            }
        }
    }
}
