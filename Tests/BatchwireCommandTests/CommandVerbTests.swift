import BatchwireCore
import BatchwireRuntime
import BatchwireTestBasics
import Foundation
import Testing

/// Every verb against the real broker and store.
@Suite("Command verbs", .needs(.mqtt))
struct CommandVerbTests {
    @Test(arguments: CommandBackend.allCases)
    func mosquittoPubStartsARunAndTheReplyCarriesItsExecutionId(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let correlation = "pub-\(UUID().uuidString.prefix(8))"
            let output = try await runTool(
                "mosquitto_pub",
                [
                    "-h", try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"), "-p",
                    try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PORT"),
                    "-u", try TestEnvironment.value("BATCHWIRE_TEST_MQTT_USER"), "-P",
                    try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PASSWORD"),
                    "-V", "mqttv5", "-q", "1", "-t", "\(fixture.prefix)/commands/start",
                    "-m", #"{"job":"quick","parameters":["region=from-the-shell","count=3"]}"#,
                    "-D", "publish", "response-topic", fixture.replyTopic,
                    "-D", "publish", "correlation-data", correlation,
                    "-D", "publish", "user-property", "BW_COMMAND_KEY", "pub-\(correlation)",
                ]
            )
            #expect(output.status == 0, "\(output.text)")
            let reply = try await fixture.inbox.reply(correlation)
            #expect(reply.ok, "\(reply.text)")
            #expect(reply.json["command"] == "start")
            #expect(reply.json["job"] == "quick")
            #expect(reply.status == "STARTING")
            #expect(reply.message.properties.contentType == "application/json")
            let id = try #require(reply.executionId)
            let execution = try #require(try await fixture.store.explorer.getJobExecution(id: id))
            #expect(execution.jobName == "quick")
            #expect(execution.jobParameters["region"] == JobParameter(.string("from-the-shell")))
            #expect(execution.jobParameters["count"] == JobParameter(.long(3), identifying: false))
            #expect(
                execution.jobParameters["day"] == JobParameter(.localDate(LocalDate(year: 2026, month: 1, day: 1)!))
            )
            let finished = try #require(await fixture.jobOperator.launcher.waitForExecution(id))
            #expect(finished.status == .completed)
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func aRepeatedKeyGetsTheFirstResultAndNeverASecondRun(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let payload = #"{"job":"quick","parameters":{"region":"once"}}"#
            let first = try await fixture.request("start", payload, key: "key-once")
            let second = try await fixture.request("start", payload, key: "key-once")
            #expect(first.ok, "\(first.text)")
            #expect(second.text == first.text)
            #expect(!first.isDuplicate)
            #expect(second.isDuplicate)
            #expect(try await fixture.executionCount() == 1)

            // start-next makes a new instance each time it runs: a repeat would be a second run.
            let next = try await fixture.request("start-next", #"{"job":"quick"}"#, key: "key-next")
            let nextAgain = try await fixture.request("start-next", #"{"job":"quick"}"#, key: "key-next")
            #expect(next.ok, "\(next.text)")
            #expect(nextAgain.text == next.text)
            #expect(try await fixture.executionCount() == 2)

            // The payload field works the same way, and an error is a result too.
            let keyed = #"{"job":"quick","parameters":{"region":"once"},"idempotencyKey":"key-field"}"#
            let refused = try await fixture.request("start", keyed)
            let refusedAgain = try await fixture.request("start", keyed)
            #expect(refused.errorCode == "JOB_INSTANCE_ALREADY_EXISTS", "\(refused.text)")
            #expect(refusedAgain.text == refused.text)
            #expect(refusedAgain.isDuplicate)

            // Another verb with a used key is refused, not answered with the other command's result.
            let reused = try await fixture.request("stop", #"{"executionId":1}"#, key: "key-once")
            #expect(reused.errorCode == "IDEMPOTENCY_KEY_REUSED", "\(reused.text)")

            // Two different keys in one message: refused.
            let conflicting = try await fixture.request(
                "start",
                #"{"job":"quick","idempotencyKey":"key-a"}"#,
                key: "key-b"
            )
            #expect(conflicting.errorCode == "INVALID_VALUE", "\(conflicting.text)")
            #expect(try await fixture.executionCount() == 2)
            for id in [first.executionId, next.executionId].compactMap({ $0 }) {
                _ = await fixture.jobOperator.launcher.waitForExecution(id)
            }
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func stopAbandonAndRestartAnExecution(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let started = try await fixture.request("start", #"{"job":"sleeper"}"#)
            let id = try #require(started.executionId, "\(started.text)")
            try await eventually("execution \(id) to run", within: 30) {
                try await fixture.store.explorer.getJobExecution(id: id)?.status == .started
            }
            let stop = try await fixture.request("stop", #"{"executionId":\#(id)}"#)
            #expect(stop.ok, "\(stop.text)")
            #expect(stop.status == "STOPPING")
            #expect(stop.json["job"] == "sleeper")
            let stopped = try #require(await fixture.jobOperator.launcher.waitForExecution(id))
            #expect(stopped.status == .stopped)

            let stopAgain = try await fixture.request("stop", #"{"executionId":\#(id)}"#)
            #expect(stopAgain.errorCode == "JOB_EXECUTION_NOT_RUNNING", "\(stopAgain.text)")

            let restart = try await fixture.request("restart", #"{"executionId":\#(id)}"#)
            #expect(restart.ok, "\(restart.text)")
            let second = try #require(restart.executionId)
            #expect(second != id)
            #expect(restart.json["restartedExecutionId"] == .integer(id))
            try await eventually("execution \(second) to run", within: 30) {
                try await fixture.store.explorer.getJobExecution(id: second)?.status == .started
            }
            #expect(try await fixture.request("stop", #"{"executionId":\#(second)}"#).ok)
            _ = await fixture.jobOperator.launcher.waitForExecution(second)

            let abandon = try await fixture.request("abandon", #"{"executionId":\#(second)}"#)
            #expect(abandon.ok, "\(abandon.text)")
            #expect(abandon.status == "ABANDONED")

            // A completed instance with identifying parameters cannot run again (Spring's launch rules).
            let quick = try await fixture.request("start", #"{"job":"quick"}"#)
            let quickID = try #require(quick.executionId, "\(quick.text)")
            #expect(await fixture.jobOperator.launcher.waitForExecution(quickID)?.status == .completed)
            let restartCompleted = try await fixture.request("restart", #"{"executionId":\#(quickID)}"#)
            #expect(restartCompleted.errorCode == "JOB_INSTANCE_ALREADY_COMPLETE", "\(restartCompleted.text)")

            // A job that MQTT may not start may not be restarted by MQTT either.
            let local = try await fixture.jobOperator.start(jobName: "locked", parameters: [String]())
            _ = await fixture.jobOperator.launcher.waitForExecution(local.id)
            let restartLocked = try await fixture.request("restart", #"{"executionId":\#(local.id)}"#)
            #expect(restartLocked.errorCode == "NOT_PERMITTED", "\(restartLocked.text)")
            #expect(try await fixture.executionCount() == 4)
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func startNextUsesTheIncrementer(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            var ids: [Int64] = []
            for _ in 0..<2 {
                let reply = try await fixture.request("start-next", #"{"job":"quick"}"#)
                let id = try #require(reply.executionId, "\(reply.text)")
                ids.append(id)
                _ = await fixture.jobOperator.launcher.waitForExecution(id)
            }
            var runIDs: [JobParameter?] = []
            for id in ids {
                runIDs.append(try await fixture.store.explorer.getJobExecution(id: id)?.jobParameters["run.id"])
            }
            #expect(runIDs == [JobParameter(.long(1)), JobParameter(.long(2))])
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func pauseAndResumePersistAndTellTheScheduler(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            let changes = Counter()
            try await fixture.startHandler(onSchedulesChanged: { changes.increment() })
            let pause = try await fixture.request("pause", #"{"job":"quick","reason":"database upgrade"}"#)
            #expect(pause.ok, "\(pause.text)")
            let paused: JSONValue = [["id": "quick#1", "paused": true], ["id": "quick#2", "paused": true]]
            #expect(pause.json["schedules"] == paused)
            var states = try await fixture.store.state.scheduleStates()
            #expect(states.map(\.scheduleID) == ["quick#1", "quick#2"])
            #expect(
                states.allSatisfy { $0.isPaused && $0.reason == "database upgrade" && $0.changedBy == "mqtt@node-1" }
            )
            #expect(changes.value == 1)

            let resume = try await fixture.request("resume", #"{"job":"quick","schedule":"2"}"#)
            #expect(resume.ok, "\(resume.text)")
            states = try await fixture.store.state.scheduleStates()
            #expect(states.map(\.isPaused) == [true, false])
            #expect(changes.value == 2)

            // The full id works too; a job MQTT may not start may still be paused.
            #expect(try await fixture.request("resume", #"{"job":"quick","schedule":"quick#1"}"#).ok)
            #expect(try await fixture.request("pause", #"{"job":"locked"}"#).ok)
            states = try await fixture.store.state.scheduleStates()
            #expect(states.map(\.scheduleID) == ["locked#1", "quick#1", "quick#2"])
            #expect(states.map(\.isPaused) == [true, false, false])

            let list = try await fixture.request("list", "{}")
            #expect(list.ok, "\(list.text)")
            let expected: JSONValue = .array([
                ["name": "locked", "mqttTrigger": false, "schedules": [["id": "locked#1", "paused": true]]],
                [
                    "name": "quick", "mqttTrigger": true,
                    "schedules": [["id": "quick#1", "paused": false], ["id": "quick#2", "paused": false]],
                ],
                ["name": "sleeper", "mqttTrigger": true, "schedules": []],
            ])
            #expect(list.json["jobs"] == expected, "\(list.text)")

            let noSchedules = try await fixture.request("pause", #"{"job":"sleeper"}"#)
            #expect(noSchedules.errorCode == "NO_SUCH_SCHEDULE", "\(noSchedules.text)")
            let unknownSchedule = try await fixture.request("pause", #"{"job":"quick","schedule":"9"}"#)
            #expect(unknownSchedule.errorCode == "NO_SUCH_SCHEDULE", "\(unknownSchedule.text)")
            let unknownJob = try await fixture.request("resume", #"{"job":"quik"}"#)
            #expect(unknownJob.errorCode == "NO_SUCH_JOB")
            #expect(unknownJob.errorMessage?.contains("did you mean quick") == true, "\(unknownJob.text)")
            #expect(changes.value == 4)
        }
    }

    @Test(arguments: CommandBackend.allCases)
    func extremeParameterValuesAreStoredWithoutACrash(_ backend: CommandBackend) async throws {
        try await withCommandFixture(backend) { fixture in
            try await fixture.startHandler()
            let payload =
                #"{"job":"quick","parameters":["day=+999999999-12-31","t(localdatetime)=-999999999-01-01T00:00:00","#
                + #""n=1.7976931348623157E308,java.lang.Double","l=-9223372036854775808,java.lang.Long","#
                + #""w(date)=2261-12-31T23:59:59Z","s(localtime)=23:59:59.999999999"]}"#
            let reply = try await fixture.request("start", payload)
            #expect(reply.ok, "\(reply.text)")
            if let id = reply.executionId {
                let stored = try #require(try await fixture.store.explorer.getJobExecution(id: id))
                #expect(stored.jobParameters["l"] == JobParameter(.long(Int64.min)))
                _ = await fixture.jobOperator.launcher.waitForExecution(id)
            }
            #expect(try await fixture.request("list", "{}").ok)
            #expect(fixture.endedHandlers == 0)
        }
    }

    @Test func listShowsRunningExecutions() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            try await fixture.startHandler()
            let started = try await fixture.request("start", #"{"job":"sleeper"}"#)
            let id = try #require(started.executionId)
            try await eventually("execution \(id) to run", within: 30) {
                try await fixture.store.explorer.getJobExecution(id: id)?.status == .started
            }
            let list = try await fixture.request("list", "{}")
            guard case .array(let running) = list.json["running"], let first = running.first?.objectValue else {
                Issue.record("no running executions in \(list.text)")
                return
            }
            #expect(running.count == 1)
            #expect(first["executionId"] == .integer(id))
            #expect(first["job"] == "sleeper")
            #expect(first["status"] == "STARTED")
            #expect(first["startTime"]?.stringValue?.hasSuffix("Z") == true)
            #expect(try await fixture.request("stop", #"{"executionId":\#(id)}"#).ok)
            _ = await fixture.jobOperator.launcher.waitForExecution(id)
        }
    }
}
