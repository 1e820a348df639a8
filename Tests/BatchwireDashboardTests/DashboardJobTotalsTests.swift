import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Logging
import Testing

/// The jobs page's kept totals: an abandon through the dashboard moves its count at once, and the background
/// refresh reads what changed elsewhere without a request paying for it.
@Suite struct DashboardJobTotalsTests {
    static let logger = Logger(label: "batchwire.tests.dashboard") { _ in SwiftLogNoOpLogHandler() }

    struct Jobs: Decodable { let jobs: [JobView] }

    static func flaky(_ client: any TestClientProtocol) async throws -> JobView {
        try #require(try decode(Jobs.self, try await client.get("/api/v1/jobs")).jobs.first { $0.name == "flaky" })
    }

    @Test(arguments: TestDatabase.allCases)
    func anAbandonMovesTheKeptCountsAndTheRefreshReadsOtherChanges(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("flaky", steps: [("fail", "exit 1")])
        } _: { harness, client in
            var ids: [Int64] = []
            for _ in 0..<3 {
                let execution = try await harness.jobOperator.startNextInstance(jobName: "flaky")
                #expect(try await harness.finish(execution.id).status == .failed)
                ids.append(execution.id)
            }
            #expect(try await Self.flaky(client).failedCount == 3)  // read and kept
            #expect(try await client.operate("abandon", #"{"executionId":\#(ids[0])}"#).status == .ok)
            let afterAbandon = try await Self.flaky(client)
            #expect(afterAbandon.failedCount == 2 && afterAbandon.totalCount == 3)

            // An abandon elsewhere (the CLI, another node) is not seen by the kept totals until they are read
            // afresh, which the background refresh does.
            try await harness.jobOperator.abandon(executionId: ids[1])
            #expect(try await Self.flaky(client).failedCount == 2)
            let refresher = Task { await harness.dashboard.keepTotalsFresh(logger: Self.logger) }
            try await eventually("the refresh") { try await Self.flaky(client).failedCount == 1 }
            refresher.cancel()
            await refresher.value
        }
    }
}
