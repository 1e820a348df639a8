import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import BatchwireTestBasics
import Foundation
import MosquittoClient
import Synchronization
import Testing

/// A connected client of the test broker's `batchwire` account.
/// A client of the project's broker, connected; `user` names the env variables of its account
/// (`BATCHWIRE_TEST_MQTT_USER`/`_PASSWORD`, or `…_VIEWER_USER`/`…_VIEWER_PASSWORD` for one that may not publish).
func connectedBrokerClient(_ purpose: String, user: String = "USER", password: String = "PASSWORD") async throws
    -> MQTTClient
{
    let client = try MQTTClient(
        configuration: MQTTConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"),
            port: Int(try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PORT")) ?? 0,
            clientID: "test-steps-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_\(user)"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_\(password)"),
            keepAliveSeconds: 10, reconnectDelayMinimumSeconds: 1, reconnectDelayMaximumSeconds: 2,
            connectTimeout: .seconds(60)))
    try await client.connect()
    return client
}

/// The `mqtt` step kind against the project's Mosquitto, with a small responder: a plain publish, a reply, no
/// reply (timeout FAILS), a stop during the wait (STOPPED), answers to unknown correlation data ignored, and a
/// second answer to a redelivered request not counted.
@Suite struct MQTTStepTests {
    /// What the responder does with each request.
    enum Behaviour: Sendable {
        case answer(String)
        /// Answers twice, as a responder would that got the request delivered twice.
        case answerTwice(String)
        /// First answers with strange correlation data and with none, then properly.
        case strangersFirst(String)
        case silent
    }

    /// A node client, its router and runner, and a responder on `<prefix>/plant/commands`.
    final class Fixture: Sendable {
        let prefix: String
        let node: MQTTClient
        let responder: MQTTClient
        let router: MQTTReplyRouter
        let runner: MQTTStepRunner
        let log: RequestLog
        private let task: Task<Void, any Error>

        var commandTopic: String { "\(prefix)/plant/commands" }

        /// The requests the responder got.
        final class RequestLog: Sendable {
            let requests = Mutex<[MQTTMessage]>([])
        }

        init(_ behaviour: Behaviour) async throws {
            let prefix = "batchwire/steps-\(UUID().uuidString.prefix(8))"
            let node = try await connectedBrokerClient("node")
            let responder = try await connectedBrokerClient("responder")
            let router = MQTTReplyRouter(
                client: node, topics: try MQTTTopics(prefix: prefix), nodeID: "node-1", logger: StepKindFixtures.logger)
            let log = RequestLog()
            self.prefix = prefix
            self.node = node
            self.responder = responder
            self.router = router
            self.log = log
            runner = MQTTStepRunner(
                router: router, retryBackoff: StepKindFixtures.backoff, logger: StepKindFixtures.logger)
            let subscription = try await responder.subscribe("\(prefix)/plant/commands")
            let requests = log
            task = Task {
                for try await request in subscription {
                    requests.requests.withLock { $0.append(request) }
                    guard let topic = request.properties.responseTopic else { continue }
                    let correlation = request.properties.correlationData
                    func answer(_ text: String, _ data: [UInt8]?) async throws {
                        try await responder.publish(
                            topic: topic, text: text, qos: .atLeastOnce,
                            properties: MQTTProperties(correlationData: data))
                    }
                    switch behaviour {
                    case .answer(let text): try await answer(text, correlation)
                    case .answerTwice(let text):
                        try await answer(text, correlation)
                        try await answer(#"{"exitCode": 1}"#, correlation)
                    case .strangersFirst(let text):
                        try await answer(#"{"exitCode": 1}"#, Array("not-a-request".utf8))
                        try await answer(#"{"exitCode": 1}"#, nil)
                        try await answer(text, correlation)
                    case .silent: break
                    }
                }
            }
        }

        func step(
            payload: String = #"{"do":"flush","batch":"${param.batch}"}"#, reply: Double? = 10, timeout: Double? = nil,
            retries: Int = 0
        ) throws -> InProcessStepInvocation {
            var settings = MQTTStepDefinition(
                topic: try StepTemplate(parsing: commandTopic), payload: try StepTemplate(parsing: payload))
            settings.replyTimeoutSeconds = reply
            var step = StepDefinition(name: "flush-line", mqtt: settings)
            step.timeoutSeconds = timeout
            step.retries = retries
            return InProcessStepInvocation(
                step: step,
                values: StepKindFixtures.values(
                    step: "flush-line", parameters: JobParameters().adding("batch", .string("b-17"))),
                stepExecutionID: 5)
        }

        func close() async {
            task.cancel()
            await responder.disconnect()
            await node.disconnect()
        }
    }

    private func with(_ behaviour: Behaviour, _ body: (Fixture) async throws -> Void) async throws {
        let fixture = try await Fixture(behaviour)
        do {
            try await body(fixture)
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }

    @Test func publishesWithoutWaitingWhenNoReplyIsAsked() async throws {
        try await with(.silent) { fixture in
            let result = try await withDeadline(30, "the publish") {
                try await fixture.runner.run(fixture.step(reply: nil))
            }
            #expect(result.status == .completed)
            #expect(result.exitStatus.exitDescription == "Published to \(fixture.commandTopic) with QoS 1.")
            try await eventually("the responder got the message", within: 20, every: .milliseconds(20)) {
                fixture.log.requests.withLock { $0.count } == 1
            }
            let request = try #require(fixture.log.requests.withLock { $0.first })
            #expect(request.payloadString == #"{"do":"flush","batch":"b-17"}"#)
            #expect(request.properties.responseTopic == nil)
        }
    }

    @Test func aReplyCompletesTheStepAndSetsItsContext() async throws {
        try await with(.answer(#"{"exitCode": 0, "context": {"flushed": 12}}"#)) { fixture in
            let result = try await withDeadline(30, "the reply") {
                try await fixture.runner.run(fixture.step())
            }
            #expect(result.status == .completed)
            #expect(result.exitStatus.exitCode == "COMPLETED")
            #expect(result.context["flushed"] == .long(12))
            #expect(result.exitStatus.exitDescription.contains(#""flushed": 12"#))
            let request = try #require(fixture.log.requests.withLock { $0.first })
            #expect(request.properties.responseTopic == "\(fixture.prefix)/replies/node-1")
            #expect(request.properties.correlationData?.count == 16)
        }
    }

    @Test func noReplyInTimeFailsTheStep() async throws {
        try await with(.silent) { fixture in
            let started = ContinuousClock.now
            let result = try await withDeadline(30, "the reply timeout") {
                try await fixture.runner.run(fixture.step(reply: 1))
            }
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(result.status == .failed)
            #expect(result.finalAttempt.terminationRequest == .timeout)
            #expect(
                result.exitStatus.exitDescription.hasPrefix(
                    "No reply within 1 s to the message on \(fixture.commandTopic)"))
        }
    }

    @Test func aStopDuringTheWaitStopsTheStep() async throws {
        try await with(.silent) { fixture in
            let signal = StepStopSignal()
            Task {
                try await eventually("the request", within: 20, every: .milliseconds(20)) { fixture.log.requests.withLock { $0.count } == 1 }
                signal.stop()
            }
            let result = try await withDeadline(30, "the stopped step") {
                try await fixture.runner.run(fixture.step(reply: 60, retries: 2), stopSignal: signal)
            }
            #expect(result.status == .stopped)
            #expect(result.attempts.count == 1)
            #expect(result.exitStatus.exitDescription.contains("waiting for the reply"))
        }
    }

    @Test func answersToUnknownCorrelationDataAreIgnored() async throws {
        try await with(.strangersFirst(#"{"exitCode": 0}"#)) { fixture in
            let result = try await withDeadline(30, "the reply") {
                try await fixture.runner.run(fixture.step())
            }
            #expect(result.status == .completed)
            try await eventually("two ignored answers", within: 20, every: .milliseconds(20)) { fixture.router.ignoredReplyCount == 2 }
        }
    }

    @Test func aSecondAnswerToARedeliveredRequestIsNotCounted() async throws {
        try await with(.answerTwice(#"{"exitCode": 0, "context": {"n": 1}}"#)) { fixture in
            let first = try await withDeadline(30, "the first reply") {
                try await fixture.runner.run(fixture.step())
            }
            #expect(first.status == .completed)
            #expect(first.context["n"] == .long(1))
            try await eventually("the duplicate ignored", within: 20, every: .milliseconds(20)) { fixture.router.ignoredReplyCount == 1 }
            // The next request gets its own answer, not the stale duplicate.
            let second = try await withDeadline(30, "the second reply") {
                try await fixture.runner.run(fixture.step())
            }
            #expect(second.status == .completed)
            try await eventually("the second duplicate ignored", within: 20, every: .milliseconds(20)) { fixture.router.ignoredReplyCount == 2 }
        }
    }

    @Test func aFailedReplyIsRetriedWithNewCorrelationData() async throws {
        try await with(.answer(#"{"exitCode": 4}"#)) { fixture in
            let result = try await withDeadline(30, "the replies") {
                try await fixture.runner.run(fixture.step(retries: 1))
            }
            #expect(result.status == .failed)
            #expect(result.attempts.count == 2)
            let correlations = fixture.log.requests.withLock { $0.compactMap(\.properties.correlationData) }
            #expect(correlations.count == 2 && correlations[0] != correlations[1])
        }
    }

    @Test func aRefusedPublishNeverShowsASecretFromTheTopic() async throws {
        // The viewer may subscribe but publish nowhere: the broker refuses the step's message.
        let viewer = try await connectedBrokerClient("viewer", user: "VIEWER_USER", password: "VIEWER_PASSWORD")
        let router = MQTTReplyRouter(
            client: viewer, topics: try MQTTTopics(prefix: "batchwire/steps-viewer"), nodeID: "node-1",
            logger: StepKindFixtures.logger)
        let runner = MQTTStepRunner(router: router, retryBackoff: StepKindFixtures.backoff, logger: StepKindFixtures.logger)
        let secret = "tok-\(UUID().uuidString.prefix(12))"
        let step = StepDefinition(
            name: "flush-line",
            mqtt: MQTTStepDefinition(
                topic: try StepTemplate(parsing: "plant/${env.LINE_TOKEN}/commands"), payload: try StepTemplate(parsing: "{}")))
        let result = try await withDeadline(30, "the refused publish") {
            await runner.run(
                InProcessStepInvocation(
                    step: step, values: StepKindFixtures.values(step: "flush-line", environment: ["LINE_TOKEN": secret]),
                    stepExecutionID: 6))
        }
        await viewer.disconnect()
        #expect(result.status == .failed)
        #expect(result.exitStatus.exitDescription.contains("plant/${env.LINE_TOKEN}/commands"))
        #expect(!result.exitStatus.exitDescription.contains(secret))
    }

    @Test func aNodeWithoutABrokerFailsTheStep() async throws {
        let runner = MQTTStepRunner(router: nil, logger: StepKindFixtures.logger)
        var step = StepDefinition(name: "tell", mqtt: MQTTStepDefinition(topic: "a/b", payload: "x"))
        step.retries = 3
        let result = await runner.run(
            InProcessStepInvocation(step: step, values: StepKindFixtures.values(step: "tell"), stepExecutionID: 1))
        #expect(result.status == .failed)
        #expect(result.attempts.count == 1)
        #expect(result.exitStatus.exitDescription.contains("no MQTT broker connection"))
    }
}
