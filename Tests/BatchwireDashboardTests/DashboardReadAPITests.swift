import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// The read side of `/api/v1/`: jobs, executions (filtered, paged), one execution, nodes.
@Suite struct DashboardReadAPITests {
    struct JobsBody: Decodable { let jobs: [JobView] }
    struct ExecutionsBody: Decodable {
        let executions: [ExecutionView]
        let nextBefore: Int64?
    }

    @Test(arguments: TestDatabase.allCases)
    func jobsListRegisteredJobsAndJobsFoundOnlyInTheTables(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "echo hello")]) { $0.description = "says hello" }
        } _: { harness, client in
            for _ in 0..<3 {
                let execution = try await harness.jobOperator.startNextInstance(jobName: "hello")
                #expect(try await harness.finish(execution.id).status == .completed)
            }
            // A Spring Batch application's run, written straight into the tables.
            _ = try await harness.fixture.store.repository.createJobExecution(
                jobName: "springJob", parameters: JobParameters().adding("day", .string("2026-12-07")))

            let response = try await client.get("/api/v1/jobs")
            #expect(response.status == .ok)
            let jobs = try decode(JobsBody.self, response).jobs
            #expect(jobs.map(\.name) == ["hello", "springJob"])
            let hello = try #require(jobs.first)
            #expect(hello.registered && hello.description == "says hello")
            #expect(hello.totalCount == 3 && hello.completedCount == 3 && hello.failedCount == 0)
            #expect(hello.latest?.status == "COMPLETED")
            #expect(hello.averageMilliseconds != nil)
            let spring = try #require(jobs.last)
            #expect(!spring.registered && spring.totalCount == 1 && spring.latest?.status == "STARTING")

            // The kept totals of finished runs plus the newer ones: a new run and the Spring run's end both count.
            let fourth = try await harness.jobOperator.startNextInstance(jobName: "hello")
            #expect(try await harness.finish(fourth.id).status == .completed)
            let springID = try #require(spring.latest?.id)
            var running = try #require(try await harness.fixture.store.explorer.getJobExecution(id: springID))
            running.status = .failed
            try await harness.fixture.store.repository.update(&running)
            let again = try decode(JobsBody.self, try await client.get("/api/v1/jobs")).jobs
            #expect(again.first?.totalCount == 4 && again.first?.completedCount == 4)
            #expect(again.first?.latest?.id == fourth.id)
            #expect(again.last?.failedCount == 1 && again.last?.totalCount == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func executionsAreFilteredAndPagedNewestFirst(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { harness, client in
            let repository = harness.fixture.store.repository
            var ids: [Int64] = []
            for day in 1...5 {
                let execution = try await repository.createJobExecution(
                    jobName: "orders", parameters: JobParameters().adding("day", .string("2026-12-0\(day)")))
                ids.append(execution.id)
            }
            var finished = try #require(try await harness.fixture.store.explorer.getJobExecution(id: ids[0]))
            finished.status = .completed
            finished.endTime = repository.now()
            try await repository.update(&finished)
            _ = try await repository.createJobExecution(jobName: "other", parameters: JobParameters())

            let first = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions?job=orders&limit=2"))
            #expect(first.executions.map(\.id) == [ids[4], ids[3]])
            #expect(first.nextBefore == ids[3])
            let second = try decode(
                ExecutionsBody.self, try await client.get("/api/v1/executions?job=orders&limit=2&before=\(ids[3])"))
            #expect(second.executions.map(\.id) == [ids[2], ids[1]])
            let last = try decode(
                ExecutionsBody.self, try await client.get("/api/v1/executions?job=orders&limit=2&before=\(ids[1])"))
            #expect(last.executions.map(\.id) == [ids[0]] && last.nextBefore == nil)

            let completed = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions?status=COMPLETED"))
            #expect(completed.executions.map(\.id) == [ids[0]])
            let byParameter = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions?param=2026-12-03"))
            #expect(byParameter.executions.map(\.id) == [ids[2]])
            let all = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions"))
            #expect(all.executions.count == 6 && all.executions.first?.jobName == "other")
            let future = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions?from=2999-01-01T00:00"))
            #expect(future.executions.isEmpty)
            let past = try decode(ExecutionsBody.self, try await client.get("/api/v1/executions?to=2999-01-01T00:00&job=other"))
            #expect(past.executions.count == 1)

            let bad = try await client.get("/api/v1/executions?status=DONE")
            #expect(bad.status == .badRequest)
            #expect(try decode(ErrorBody.self, bad).error.message.contains("COMPLETED"))
            #expect(try await client.get("/api/v1/executions?from=yesterday").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneExecutionHasParametersStepsContextsAndLogTails(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "echo hello out; echo trouble >&2"), ("two", "true")])
        } _: { harness, client in
            let started = try await harness.jobOperator.start(jobName: "hello", parameters: ["run.id(long)=7"])
            #expect(try await harness.finish(started.id).status == .completed)

            let response = try await client.get("/api/v1/executions/\(started.id)")
            #expect(response.status == .ok)
            let detail = try decode(ExecutionDetailView.self, response)
            #expect(detail.execution.status == "COMPLETED" && detail.execution.jobName == "hello")
            #expect(detail.parameters.contains { $0.name == "run.id" && $0.value == "7" && $0.type == "java.lang.Long" })
            #expect(detail.steps.map(\.name) == ["say", "two"])
            #expect(detail.steps.allSatisfy { $0.status == "COMPLETED" })
            let tail = try #require(detail.steps.first?.logTail)
            #expect(tail.contains("hello out") && tail.contains("trouble"))

            let missing = try await client.get("/api/v1/executions/987654321")
            #expect(missing.status == .notFound)
            #expect(try decode(ErrorBody.self, missing).error.code == "noSuchJobExecution")
            #expect(try await client.get("/api/v1/executions/abc").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func nodesShowHeartbeatsAndTheRelayLeaseHolder(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { harness, client in
            let state = harness.fixture.store.state
            try await state.heartbeat(nodeID: "node-a", hostName: "host-a")
            try await state.heartbeat(nodeID: "node-b", hostName: "host-b")
            #expect(try await state.acquireRelayLease(name: "outbox", nodeID: "node-b", until: Date().addingTimeInterval(60)))

            let view = try decode(NodesView.self, try await client.get("/api/v1/nodes"))
            #expect(view.nodes.map(\.id) == ["node-a", "node-b"])
            #expect(view.relayLeaseHolder == "node-b")
            #expect(view.nodes.map(\.holdsRelayLease) == [false, true])
            #expect(view.nodes.first?.hostName == "host-a")
        }
    }
}
