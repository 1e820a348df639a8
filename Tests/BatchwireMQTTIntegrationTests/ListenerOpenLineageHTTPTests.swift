import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import Synchronization
import Testing

/// The `openlineage-http` listener against a real local HTTP endpoint (`Tests/ListenerSupport/lineage_sink.py`)
/// and an SQLite outbox.
@Suite("OpenLineage HTTP listener", .needs(.mqtt))
struct ListenerOpenLineageHTTPTests {
    let logger = Logger(label: "batchwire.listener.test")

    /// The listener as configuration makes it, through the registry.
    func listener(
        store: BatchwireStateStore, options: [String: String], name: String = OpenLineageHTTPListenerFactory.name
    ) throws -> NamedListener {
        var registry = ListenerRegistry()
        try registry.register(OpenLineageHTTPListenerFactory(store: store, logger: logger))
        var configuration = [ListenerRegistry.listenersKey: OpenLineageHTTPListenerFactory.name]
        for (key, value) in options {
            configuration[ListenerRegistry.optionPrefix + OpenLineageHTTPListenerFactory.name + "." + key] = value
        }
        let made = try #require(try registry.makeListeners(configuration: configuration).first)
        return NamedListener(name: name, listener: made.listener)
    }

    @Test("configuration without a url is refused by the registry, naming the option", .timeLimit(.minutes(1)))
    func registryRefusesAMissingURL() async throws {
        let temporary = try await TemporaryStore.make()
        var registry = ListenerRegistry()
        try registry.register(OpenLineageHTTPListenerFactory(store: temporary.state, logger: logger))
        #expect(registry.factoryNames == ["logging", "openlineage-http"])
        do {
            _ = try registry.makeListeners(configuration: [
                ListenerRegistry.listenersKey: "openlineage-http",
                "job-status-changed-listener.openlineage-http.timeout": "5",
            ])
            Issue.record("a listener without a url must be refused")
        } catch {
            #expect(error.code == .invalidConfiguration && error.listenerName == "openlineage-http")
            #expect(error.message.contains("option 'url' is missing"))
        }
        await temporary.close()
    }

    @Test(
        "a run posts START and COMPLETE with the job's lineage and the API key, each valid OpenLineage",
        .timeLimit(.minutes(1)))
    func postsRunEvents() async throws {
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let run = LineageRun(jobName: "http-orders", executionID: 42)
        let dispatcher = ListenerDispatcher(listeners: [
            try listener(store: temporary.state, options: ["url": sink.url("/ok/api/v1/lineage"), "api-key": "s3cret"])
        ])
        for event in run.lifecycle() { dispatcher.dispatch(event) }
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)), "the listener finished its queue")
        #expect(dispatcher.statistics.first?.delivered == 4 && dispatcher.statistics.first?.failed == 0)

        let requests = try await sink.requests()
        #expect(requests.count == 2, "STARTING has no RunEvent: START and COMPLETE only")
        var types: [String] = []
        for request in requests {
            #expect(request.path == "/ok/api/v1/lineage")
            #expect(request.header("Authorization") == "Bearer s3cret")
            #expect(request.header("Content-Type") == "application/json")
            let event = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            types.append(try #require(event["eventType"] as? String))
            let runObject = try #require(event["run"] as? [String: Any])
            #expect(
                runObject["runId"] as? String
                    == OpenLineageEventBuilder().runId(executionId: 42).uuidString.lowercased())
            let job = try #require(event["job"] as? [String: Any])
            #expect(job["namespace"] as? String == "batchwire" && job["name"] as? String == "http-orders")
            let inputs = try #require(event["inputs"] as? [[String: Any]])
            let outputs = try #require(event["outputs"] as? [[String: Any]])
            #expect(inputs.map { $0["name"] as? String } == ["shop.orders"])
            #expect(outputs.map { $0["namespace"] as? String } == ["s3://analytics-lake"])
            let facets = try #require(runObject["facets"] as? [String: Any])
            let nominal = try #require(facets["nominalTime"] as? [String: Any])
            #expect(nominal["nominalStartTime"] as? String == "2026-01-15T02:30:00.000Z")
        }
        #expect(types == ["START", "COMPLETE"])
        try await OpenLineageSchema.validate(requests.map(\.body))
        await temporary.close()
    }

    @Test("a FAIL event carries the exit description and a configured namespace", .timeLimit(.minutes(1)))
    func failureWithNamespace() async throws {
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let run = LineageRun(jobName: "http-failing", executionID: 7)
        let dispatcher = ListenerDispatcher(listeners: [
            try listener(store: temporary.state, options: ["url": sink.url("/ok/lineage"), "namespace": "prod"])
        ])
        for event in run.lifecycle(ending: .failed, description: "step load exited 3") { dispatcher.dispatch(event) }
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)))
        let requests = try await sink.requests()
        #expect(requests.count == 2)
        let lastBody = try #require(requests.last).body
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lastBody.utf8)) as? [String: Any])
        #expect(last["eventType"] as? String == "FAIL")
        #expect((last["job"] as? [String: Any])?["namespace"] as? String == "prod")
        let facets = try #require((last["run"] as? [String: Any])?["facets"] as? [String: Any])
        #expect((facets["errorMessage"] as? [String: Any])?["message"] as? String == "step load exited 3")
        #expect(
            (last["run"] as? [String: Any])?["runId"] as? String
                == OpenLineageEventBuilder.runId(namespace: "prod", executionId: 7).uuidString.lowercased())
        try await OpenLineageSchema.validate(requests.map(\.body))
        await temporary.close()
    }

    @Test(
        "the lineage of a run whose created event the listener never saw is read from the outbox",
        .timeLimit(.minutes(1)))
    func lineageFromTheOutbox() async throws {
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let run = LineageRun(jobName: "http-recovered", executionID: 9)
        let created = BatchwireEvent.jobCreated(run.created)
        try await temporary.state.appendEvents(
            [OutboxEvent(topic: try MQTTTopics().events(job: run.jobName), payload: try created.jsonString())],
            jobExecutionID: 9)
        let dispatcher = ListenerDispatcher(listeners: [
            try listener(store: temporary.state, options: ["url": sink.url("/ok/lineage")])
        ])
        // As on a node that recovers another node's execution: only the status change is dispatched here.
        dispatcher.dispatch(run.status(.abandoned, previous: .started, sequence: 5))
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)))
        let request = try #require(try await sink.requests().first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(event["eventType"] as? String == "ABORT")
        #expect((event["inputs"] as? [[String: Any]])?.first?["name"] as? String == "shop.orders")
        #expect((event["outputs"] as? [[String: Any]])?.first?["name"] as? String == "orders/daily")
        try await OpenLineageSchema.validate([request.body])
        await temporary.close()
    }

    @Test("an endpoint that answers 500 twice gets the event on the third try", .timeLimit(.minutes(1)))
    func retriesServerErrors() async throws {
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let run = LineageRun(jobName: "http-flaky", executionID: 11)
        let dispatcher = ListenerDispatcher(listeners: [
            try listener(
                store: temporary.state,
                options: ["url": sink.url("/fail/2/lineage"), "retry-backoff": "0.05", "max-attempts": "4"])
        ])
        for event in run.lifecycle().prefix(3) { dispatcher.dispatch(event) }  // created, STARTING, STARTED
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)))
        let requests = try await sink.requests()
        #expect(requests.map(\.status) == [500, 500, 201])
        #expect(Set(requests.map(\.body)).count == 1, "every try posts the same START event")
        #expect(dispatcher.statistics.first?.failed == 0)
        try await OpenLineageSchema.validate([try #require(requests.last).body])
        await temporary.close()
    }

    @Test(
        "a 4xx drops the event at once, logged and counted as failed; the next event still goes",
        .timeLimit(.minutes(1)))
    func dropsClientErrors() async throws {
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let diagnostics = DiagnosticRecorder()
        let dispatcher = ListenerDispatcher(
            listeners: [
                try listener(
                    store: temporary.state,
                    options: ["url": sink.url("/status/400/lineage"), "retry-backoff": "0.05", "api-key": "s3cret"])
            ],
            onDiagnostic: { diagnostics.record($0) })
        let run = LineageRun(jobName: "http-rejected", executionID: 12)
        for event in run.lifecycle() { dispatcher.dispatch(event) }
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(30)))
        let requests = try await sink.requests()
        #expect(requests.count == 2, "START and COMPLETE tried once each, no retry")
        #expect(dispatcher.statistics.first?.failed == 2)
        let messages = diagnostics.messages
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0.contains("HTTP 400") && $0.contains("rejected") })
        #expect(!messages.joined().contains("s3cret"))
        await temporary.close()
    }

    @Test("connection refused is retried up to max-attempts, then the event is given up", .timeLimit(.minutes(1)))
    func refusedConnectionExhaustsRetries() async throws {
        let temporary = try await TemporaryStore.make()
        let port = try closedPort()
        let listener = OpenLineageHTTPListener(
            configuration: OpenLineageHTTPConfiguration(
                url: URL(string: "http://127.0.0.1:\(port)/lineage")!, apiKey: "s3cret", maxAttempts: 3,
                retryBackoff: .milliseconds(20)),
            store: temporary.state, logger: logger)
        let run = LineageRun(jobName: "http-refused", executionID: 13)
        try await listener.onEvent(.jobCreated(run.created))
        do {
            try await listener.onEvent(run.status(.started, previous: .starting, sequence: 3))
            Issue.record("a refused connection must not count as delivered")
        } catch let error as OpenLineageHTTPError {
            #expect(error.code == .retriesExhausted)
            #expect(error.status == nil)
            #expect(error.description.contains("failed 3 time(s)"))
            #expect(!error.description.contains("s3cret"))
        }
        await temporary.close()
    }

    @Test(
        "a hanging endpoint does not hold up other listeners: MQTT and a healthy endpoint get every event",
        .timeLimit(.minutes(2)))
    func deadEndpointDoesNotBlockOthers() async throws {
        let topics = try MQTTTopics()
        let job = "http-dead-\(UUID().uuidString.prefix(8))"
        let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "dead-sub"))
        let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "dead-relay"))
        let inbox = MessageInbox(try await subscriber.subscribe(topics.events(job: job)))
        let sink = try await LineageSink.start()
        defer { sink.stop() }
        let temporary = try await TemporaryStore.make()
        let relay = OutboxRelay(
            store: temporary.state, client: client,
            configuration: OutboxRelayConfiguration(topics: topics, idleInterval: .seconds(60)),
            clock: StalledClock(), logger: relayTestLogger)
        let relaying = Task { await relay.run() }
        let dispatcher = ListenerDispatcher(listeners: [
            try listener(
                store: temporary.state, options: ["url": sink.url("/hang/lineage"), "timeout": "120"],
                name: "openlineage-http-dead"),
            NamedListener(name: "mqtt", listener: MQTTPublisherListener(wake: { relay.notify() })),
            try listener(store: temporary.state, options: ["url": sink.url("/ok/lineage")]),
        ])

        var expected: [String] = []
        for executionID: Int64 in [21, 22, 23] {
            let run = LineageRun(jobName: job, executionID: executionID)
            for event in run.lifecycle() {
                let payload = try event.jsonString()
                try await temporary.state.appendEvents(
                    [OutboxEvent(topic: topics.events(job: job), payload: payload)], jobExecutionID: executionID)
                expected.append(payload)
                dispatcher.dispatch(event)
            }
        }
        let received = try await inbox.take(12, within: 30, "12 events over MQTT")
        #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == expected)
        try await eventually("6 RunEvents at the healthy endpoint", within: 30, every: .milliseconds(20)) {
            try await sink.requests(under: "/ok/").count == 6
        }
        try await eventually("the mqtt and the healthy listener handled all 12 events", within: 30, every: .milliseconds(20)) {
            let statistics = dispatcher.statistics
            return statistics[1].delivered == 12 && statistics[2].delivered == 12
        }
        // The dead endpoint's listener passed created and STARTING and hangs on its first RunEvent (STARTED).
        try await eventually("the dead endpoint's listener on its first RunEvent", within: 30, every: .milliseconds(20)) {
            try await sink.requests(under: "/hang/").count == 1 && dispatcher.statistics[0].delivered == 2
        }
        #expect(dispatcher.statistics[0].failed == 0)
        #expect(try await sink.requests(under: "/hang/").count == 1, "one hanging request, nothing after it")

        #expect(await dispatcher.shutdown(gracePeriod: .milliseconds(200)) == false, "the hung listener is cancelled")
        relaying.cancel()
        await relaying.value
        await inbox.stop()
        await subscriber.disconnect()
        await client.disconnect()
        await temporary.close()
    }

    /// A loopback port nothing listens on (bound, then closed).
    private func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LineageSink.StartFailed(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw LineageSink.StartFailed(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Collects the dispatcher's diagnostics as text.
final class DiagnosticRecorder: Sendable {
    private let entries = Mutex<[String]>([])

    func record(_ diagnostic: ListenerDispatcher.Diagnostic) {
        entries.withLock { $0.append(diagnostic.description) }
    }

    var messages: [String] { entries.withLock { $0 } }
}
