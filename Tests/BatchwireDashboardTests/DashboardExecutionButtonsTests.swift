import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// The execution page offers only the operations Spring would accept: restart for the newest FAILED or
/// STOPPED execution of a restartable job, abandon for a finished run that did not complete, stop while it runs.
@Suite struct DashboardExecutionButtonsTests {
    /// The operation buttons an execution page shows, in page order.
    static func buttons(_ client: any TestClientProtocol, _ id: Int64) async throws -> [String] {
        let page = text(try await client.get("/executions/\(id)"))
        return ["stop", "restart", "abandon"].filter { page.contains("data-op=\"\($0)\"") }
    }

    static func canRestart(_ client: any TestClientProtocol, _ id: Int64) async throws -> Bool {
        try decode(ExecutionDetailView.self, try await client.get("/api/v1/executions/\(id)")).canRestart
    }

    @Test(arguments: TestDatabase.allCases)
    func aCompletedExecutionOffersNoRestartNorAbandon(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let execution = try await harness.jobOperator.startNextInstance(jobName: "hello")
            #expect(try await harness.finish(execution.id).status == .completed)
            #expect(try await Self.buttons(client, execution.id) == [])
            #expect(try await Self.canRestart(client, execution.id) == false)
            let listed = try decode(ExecutionDetailView.self, try await client.get("/api/v1/executions/\(execution.id)"))
            #expect(!listed.execution.isRestartable && !listed.execution.isAbandonable && !listed.execution.isStoppable)
            // What the button would have done: Spring refuses it.
            #expect(try await client.operate("restart", #"{"executionId":\#(execution.id)}"#).status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func onlyTheNewestFailedExecutionOffersRestartAndAnAbandonedOneNothing(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("flaky", steps: [("fail", "exit 1")])
        } _: { harness, client in
            let first = try await harness.jobOperator.startNextInstance(jobName: "flaky")
            #expect(try await harness.finish(first.id).status == .failed)
            #expect(try await Self.buttons(client, first.id) == ["restart", "abandon"])
            #expect(try await Self.canRestart(client, first.id))

            let second = try await harness.jobOperator.restart(executionId: first.id)
            #expect(try await harness.finish(second.id).status == .failed)
            // The instance is restarted from its newest execution: the older one offers no restart any more.
            #expect(try await Self.buttons(client, first.id) == ["abandon"])
            #expect(try await Self.buttons(client, second.id) == ["restart", "abandon"])

            #expect(try await client.operate("abandon", #"{"executionId":\#(second.id)}"#).status == .ok)
            #expect(try await Self.buttons(client, second.id) == [])
            #expect(try await Self.canRestart(client, second.id) == false)
        }
    }

    @Test func aFailedRunOfANonRestartableJobOffersNoRestart() async throws {
        try await DashboardHarness.run(.sqlite) { fixture in
            try fixture.register("once", steps: [("fail", "exit 1")], restartable: false)
        } _: { harness, client in
            let execution = try await harness.jobOperator.startNextInstance(jobName: "once")
            #expect(try await harness.finish(execution.id).status == .failed)
            #expect(try await Self.buttons(client, execution.id) == ["abandon"])
        }
    }

    @Test func aRunningExecutionOffersOnlyStop() async throws {
        try await DashboardHarness.run(.sqlite) { fixture in
            try fixture.register("sleeper", steps: [("nap", "sleep 30")])
        } _: { harness, client in
            let execution = try await harness.jobOperator.startNextInstance(jobName: "sleeper")
            try await eventually("the run to start") {
                try await harness.fixture.store.explorer.getJobExecution(id: execution.id)?.status == .started
            }
            #expect(try await Self.buttons(client, execution.id) == ["stop"])
            try await harness.jobOperator.stop(executionId: execution.id)
            #expect(try await harness.finish(execution.id).status == .stopped)
            #expect(try await Self.buttons(client, execution.id) == ["restart", "abandon"])
        }
    }
}
