import BatchwireCore
import BatchwireDashboard
import BatchwireRuntime
import BatchwireStore
import BatchwireTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// `POST /api/v1/operations/{verb}`: the token gate and the operator's rules.
@Suite struct DashboardOperationTests {
    @Test(arguments: TestDatabase.allCases)
    func withoutATokenConfiguredEveryOperationIsRefused(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend, token: nil) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let refused = try await client.operate("start-next", #"{"job":"hello"}"#)
            #expect(refused.status == .forbidden)
            #expect(try decode(ErrorBody.self, refused).error.message.contains("http-operator-token"))
            #expect(try await harness.fixture.store.explorer.getJobExecutionCount(jobName: "hello") == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func operationsNeedTheBearerTokenAndAJSONBody(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let body = #"{"job":"hello"}"#
            #expect(try await client.operate("start-next", body, headers: operationHeaders(token: nil)).status == .unauthorized)
            #expect(
                try await client.operate("start-next", body, headers: operationHeaders(token: "wrong-token-0123456789"))
                    .status == .unauthorized)
            // What a cross-site form can send: a form body type, even with a token (a form cannot set the header).
            let form = try await client.operate(
                "start-next", "job=hello", headers: operationHeaders(contentType: "application/x-www-form-urlencoded"))
            #expect(form.status == .unsupportedMediaType)
            #expect(try await harness.fixture.store.explorer.getJobExecutionCount(jobName: "hello") == 0)

            let accepted = try await client.operate("start-next", body)
            #expect(accepted.status == .ok)
            let result = try decode(OperationBody.self, accepted)
            let id = try #require(result.executionId)
            #expect(try await harness.finish(id).status == .completed)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func refusalsCarryTheOperatorsCodeAndMessage(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("hello", steps: [("say", "true")])
        } _: { harness, client in
            let start = #"{"job":"hello","parameters":["day=2026-12-07"]}"#
            let first = try decode(OperationBody.self, try await client.operate("start", start))
            #expect(try await harness.finish(try #require(first.executionId)).status == .completed)

            let again = try await client.operate("start", start)
            #expect(again.status == .conflict)
            let error = try decode(ErrorBody.self, again).error
            #expect(error.code == "jobInstanceAlreadyExists")
            #expect(error.springException == "org.springframework.batch.core.launch.JobInstanceAlreadyExistsException")
            // The CLI and MQTT get the same message from the same operator call.
            let direct = await #expect(throws: JobOperatorError.self) {
                try await harness.jobOperator.start(jobName: "hello", parameters: ["day=2026-12-07"])
            }
            #expect(direct?.message == error.message)
            let unknown = try await client.operate("start-next", #"{"job":"nope"}"#)
            #expect(unknown.status == .notFound)
            #expect(try decode(ErrorBody.self, unknown).error.message.contains("No job configuration with the name [nope]"))
            let badParameters = try await client.operate("start", #"{"job":"hello","parameters":["n(long)=x"]}"#)
            #expect(badParameters.status == .badRequest)
            #expect(try await client.operate("launch", start).status == .notFound)
            #expect(try await client.operate("stop", #"{}"#).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func stopRestartAndAbandonGoThroughTheOperator(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("sleeper", steps: [("nap", "sleep 30")])
        } _: { harness, client in
            let started = try decode(OperationBody.self, try await client.operate("start-next", #"{"job":"sleeper"}"#))
            let id = try #require(started.executionId)
            let explorer = harness.fixture.store.explorer
            try await eventually("execution \(id) to start") {
                try await explorer.getJobExecution(id: id, includingContexts: false)?.status == .started
            }
            let stop = try await client.operate("stop", #"{"executionId":\#(id)}"#)
            #expect(stop.status == .ok)
            #expect(try decode(OperationBody.self, stop).status == "STOPPING")
            #expect(try await harness.finish(id).status == .stopped)
            let notRunning = try await client.operate("stop", #"{"executionId":\#(id)}"#)
            #expect(notRunning.status == .conflict)
            #expect(try decode(ErrorBody.self, notRunning).error.code == "jobExecutionNotRunning")

            let restart = try decode(OperationBody.self, try await client.operate("restart", #"{"executionId":\#(id)}"#))
            let second = try #require(restart.executionId)
            #expect(second != id)
            let again = try await explorer.getJobExecution(id: second, includingContexts: false)
            let stopped = try await explorer.getJobExecution(id: id, includingContexts: false)
            #expect(again?.jobInstance.id == stopped?.jobInstance.id)
            try await eventually("execution \(second) to start") {
                try await explorer.getJobExecution(id: second, includingContexts: false)?.status == .started
            }
            #expect(try await client.operate("stop", #"{"executionId":\#(second)}"#).status == .ok)
            #expect(try await harness.finish(second).status == .stopped)
            let abandon = try await client.operate("abandon", #"{"executionId":\#(second)}"#)
            #expect(abandon.status == .ok)
            #expect(try decode(OperationBody.self, abandon).status == "ABANDONED")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func pauseWithAReasonShowsOnSchedulesAndJobsThenResume(_ backend: TestDatabase) async throws {
        try await DashboardHarness.run(backend) { fixture in
            try fixture.register("nightly", steps: [("say", "true")]) { job in
                job.schedules = [
                    ScheduleDefinition(
                        trigger: .cron(expression: "0 2 * * *", dialect: "cron"),
                        location: SourceLocation(file: "test", line: 1, column: 1))
                ]
            }
        } _: { harness, client in
            struct Schedules: Decodable { let schedules: [ScheduleView] }
            struct Jobs: Decodable { let jobs: [JobView] }
            let before = try decode(Schedules.self, try await client.get("/api/v1/schedules")).schedules
            #expect(before.count == 1 && before.first?.paused == false && before.first?.nextFires.count == 5)

            let paused = try await client.operate("pause", #"{"schedule":"nightly","reason":"db \"migration\"\nall night"}"#)
            #expect(paused.status == .ok)
            let after = try #require(try decode(Schedules.self, try await client.get("/api/v1/schedules")).schedules.first)
            #expect(after.paused && after.pauseReason == "db \"migration\"\nall night")
            let job = try #require(try decode(Jobs.self, try await client.get("/api/v1/jobs")).jobs.first)
            #expect(job.paused && job.pauseReason == "db \"migration\"\nall night" && job.nextFire == nil)

            #expect(try await client.operate("resume", #"{"schedule":"nightly"}"#).status == .ok)
            let resumed = try #require(try decode(Schedules.self, try await client.get("/api/v1/schedules")).schedules.first)
            #expect(!resumed.paused && resumed.pauseReason == nil)
            #expect(try await client.operate("pause", #"{"schedule":"nope"}"#).status == .notFound)
        }
    }
}

