import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import BatchwireTestBasics
import Foundation
import MosquittoClient
import Synchronization
import Testing

/// The step kinds on the launcher's seam, end to end on an SQLite store: what is recorded for `http`, `mqtt`,
/// `swift` and `noop` steps, a stop during an `mqtt` wait, and restart with the context an answer left.
@Suite struct StepKindLaunchTests {
    /// A Swift step that adds one to the context's `count`; `sleepSeconds` makes it slow.
    struct Counting: SwiftStep {
        var sleepSeconds: Double = 0
        func run(context: StepContext) async throws -> StepOutcome {
            if sleepSeconds > 0 { try await Task.sleep(for: .seconds(sleepSeconds)) }
            var state = context.executionContext
            state["count"] = .long((state.long(forKey: "count") ?? 0) + 1)
            return .completed(context: state)
        }
    }

    struct Fixture {
        let directory: URL
        let store: MetadataStore
        let registry: JobRegistry
        let jobOperator: JobOperator

        static func make(
            mqtt: MQTTClient? = nil, prefix: String = "batchwire", dispatcher: ListenerDispatcher? = nil,
            environment: [String: String]? = nil
        ) async throws -> Fixture {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("batchwire-kinds-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try await MetadataStore.open(
                MetadataStoreConfiguration(location: .sqlite(path: directory.appendingPathComponent("db.sqlite").path)))
            _ = try await store.initializeSchema()
            var configuration = LaunchConfiguration(
                nodeID: "node-1", logDirectory: directory.appendingPathComponent("logs"))
            configuration.topicPrefix = prefix
            configuration.stopPollInterval = .milliseconds(100)
            configuration.commandSteps.retryBackoff = StepKindFixtures.backoff
            configuration.swiftSteps = ["countUp": Counting(), "slow": Counting(sleepSeconds: 30)]
            if let environment { configuration.commandSteps.baseEnvironment = environment }
            let launcher = JobLauncher(
                store: store, configuration: configuration, dispatcher: dispatcher, mqttClient: mqtt,
                logger: StepKindFixtures.logger)
            let registry = JobRegistry()
            return Fixture(
                directory: directory, store: store, registry: registry,
                jobOperator: JobOperator(launcher: launcher, registry: registry))
        }

        func register(_ yaml: String) throws {
            for job in try JobFileParser().parse(yaml, file: "test.yaml") { try registry.register(job) }
        }

        func run(_ job: String, _ parameters: [String] = []) async throws -> JobExecution {
            let execution = try await jobOperator.start(jobName: job, parameters: parameters)
            return try await withDeadline(60, "execution \(execution.id)") {
                guard let ended = await jobOperator.launcher.waitForExecution(execution.id) else {
                    throw TimedOut(what: "execution \(execution.id) to be tracked")
                }
                return ended
            }
        }

        func stored(_ id: Int64) async throws -> JobExecution {
            try #require(try await store.explorer.getJobExecution(id: id))
        }

        func cleanUp() async {
            await store.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func everyKindIsRecordedLikeACommandStep() async throws {
        let server = try await TestHTTPServer.start()
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        try fixture.register(
            """
            name: kinds
            parameters: [{ name: batch, type: string, value: b-1 }]
            steps:
              - name: call
                http:
                  url: \(server.baseURL)/json?json=\(StepKindFixtures.query(#"{"context":{"offset":5}}"#))
              - name: compute
                swift: countUp
              - name: mark
                noop: {}
              - name: shell
                command: [/bin/true]
            """)
        let ended = try await fixture.run("kinds")
        #expect(ended.status == .completed)
        let stored = try await fixture.stored(ended.id)
        #expect(stored.stepExecutions.map(\.stepName) == ["call", "compute", "mark", "shell"])
        #expect(stored.stepExecutions.allSatisfy { $0.status == .completed })
        #expect(stored.stepExecutions[0].exitStatus.exitDescription.hasPrefix("HTTP 200 from GET"))
        #expect(stored.stepExecutions[0].executionContext["offset"] == .long(5))
        #expect(stored.stepExecutions[1].executionContext["count"] == .long(1))
        await fixture.cleanUp()
        await server.stop()
    }

    /// Remembers every step event.
    final class StepEvents: JobStatusChangedListener {
        let events = Mutex<[StepStatusChangedEvent]>([])
        func onEvent(_ event: BatchwireEvent) async throws {
            if case .stepStatusChanged(let step) = event { events.withLock { $0.append(step) } }
        }
    }

    @Test func listenersGetTheStepEventsOfAnHTTPStepWithoutItsSecrets() async throws {
        let server = try await TestHTTPServer.start()
        let listener = StepEvents()
        let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "steps", listener: listener)])
        let fixture = try await Fixture.make(dispatcher: dispatcher, environment: ["HOOK_TOKEN": "s3cret-token"])
        try fixture.register(
            """
            name: hook
            steps:
              - name: call
                http:
                  url: "\(server.baseURL)/echo?token=${env.HOOK_TOKEN}"
                  method: POST
                  headers: {X-Token: "${env.HOOK_TOKEN}"}
                  body: "hello from ${job.name}"
                  expect: [200]
            """)
        let ended = try await fixture.run("hook")
        #expect(ended.status == .completed)
        _ = await dispatcher.shutdown(gracePeriod: .seconds(5))
        let events = listener.events.withLock { $0 }
        #expect(events.map(\.status) == [.starting, .started, .completed])
        #expect(events.last?.exitDescription.contains("POST \(server.baseURL)/echo?token=${env.HOOK_TOKEN}") == true)
        #expect(events.last?.exitDescription.contains("hello from hook") == true)
        #expect(events.allSatisfy { !$0.exitDescription.contains("s3cret") })
        #expect(server.requests.first?.headers["x-token"] == "s3cret-token")
        await fixture.cleanUp()
        await server.stop()
    }

    @Test func anUnregisteredSwiftStepFailsAndATimedOutOneToo() async throws {
        let fixture = try await Fixture.make()
        try fixture.register(
            """
            jobs:
              - name: unknown
                steps: [{ name: compute, swift: nobodyRegisteredThis }]
              - name: slow
                steps: [{ name: compute, swift: slow, timeout: 1s, retries: 1 }]
            """)
        let unknown = try await fixture.run("unknown")
        #expect(unknown.status == .failed)
        let step = try #require(try await fixture.stored(unknown.id).stepExecutions.first)
        #expect(step.exitStatus.exitDescription.contains("No Swift step is registered as \"nobodyRegisteredThis\""))

        let started = ContinuousClock.now
        let slow = try await fixture.run("slow")
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(slow.status == .failed)
        let slowStep = try #require(try await fixture.stored(slow.id).stepExecutions.first)
        #expect(slowStep.exitStatus.exitDescription.contains("Timed out after 1 s"))
        await fixture.cleanUp()
    }

    @Test func aFailedHTTPStepRestartsWithItsContext() async throws {
        let server = try await TestHTTPServer.start()
        let fixture = try await Fixture.make()
        try fixture.register(
            """
            name: flaky
            steps:
              - name: call
                http: { url: "\(server.baseURL)/flaky/1" }
            """)
        let first = try await fixture.run("flaky")
        #expect(first.status == .failed)
        let restarted = try await fixture.jobOperator.restart(executionId: first.id)
        let ended = try await withDeadline(60, "the restart") {
            await fixture.jobOperator.launcher.waitForExecution(restarted.id)
        }
        #expect(ended?.status == .completed)
        #expect(server.calls("/flaky") == 2)
        await fixture.cleanUp()
        await server.stop()
    }

    @Test func anMQTTStepOnANodeWithoutABrokerFails() async throws {
        let fixture = try await Fixture.make()
        try fixture.register("name: tell\nsteps: [{ name: tell, mqtt: { topic: a/b, payload: x } }]\n")
        let ended = try await fixture.run("tell")
        #expect(ended.status == .failed)
        let step = try #require(try await fixture.stored(ended.id).stepExecutions.first)
        #expect(step.exitStatus.exitDescription.contains("no MQTT broker connection"))
        await fixture.cleanUp()
    }

    @Test func aStopDuringAnMQTTWaitEndsTheRunStopped() async throws {
        let client = try await connectedBrokerClient("launch")
        let prefix = "batchwire/launch-\(UUID().uuidString.prefix(8))"
        let fixture = try await Fixture.make(mqtt: client, prefix: prefix)
        try fixture.register(
            """
            name: ask
            steps:
              - name: ask
                mqtt: { topic: "\(prefix)/nobody/listens", payload: "${job.name}", reply: { timeout: 2m } }
            """)
        let execution = try await fixture.jobOperator.start(jobName: "ask", parameters: [])
        try await Task.sleep(for: .milliseconds(500))
        _ = try await fixture.jobOperator.stop(executionId: execution.id)
        let ended = try await withDeadline(30, "the stopped run") {
            await fixture.jobOperator.launcher.waitForExecution(execution.id)
        }
        #expect(ended?.status == .stopped)
        let step = try #require(try await fixture.stored(execution.id).stepExecutions.first)
        #expect(step.status == .stopped)
        #expect(step.exitStatus.exitDescription.contains("waiting for the reply"))
        await fixture.cleanUp()
        await client.disconnect()
    }
}
