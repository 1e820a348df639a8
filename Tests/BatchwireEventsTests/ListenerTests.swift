import BatchwireCore
import BatchwireListeners
import Foundation
import Synchronization
import Testing

/// Records what it receives.
final class RecordingListener: JobStatusChangedListener {
    let received = Mutex<[BatchwireEvent]>([])
    let failing: Bool

    init(failing: Bool = false) {
        self.failing = failing
    }

    func onEvent(_ event: BatchwireEvent) async throws {
        received.withLock { $0.append(event) }
        if failing { throw TestSetupError(description: "listener failure on purpose") }
    }

    var sequences: [Int64] { received.withLock { $0.map(\.sequence) } }
}

/// Never returns from its first event, and ignores cancellation.
struct BlockedListener: JobStatusChangedListener {
    func onEvent(_ event: BatchwireEvent) async throws {
        await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
    }
}

/// Collects diagnostics.
final class DiagnosticLog: Sendable {
    let entries = Mutex<[ListenerDispatcher.Diagnostic]>([])

    func record(_ diagnostic: ListenerDispatcher.Diagnostic) {
        entries.withLock { $0.append(diagnostic) }
    }

    var failures: Int {
        entries.withLock { $0.filter { if case .listenerFailed = $0 { true } else { false } }.count }
    }

    var overflowReports: Int {
        entries.withLock { $0.filter { if case .eventsDropped = $0 { true } else { false } }.count }
    }
}

private func events(_ count: Int) -> [BatchwireEvent] {
    (1...count).map { index in
        .jobStatusChanged(
            JobStatusChangedEvent(
                sequence: Int64(index), node: "n", jobName: "j", jobInstanceId: 1, jobExecutionId: 1,
                previousStatus: .started, status: .started, exitCode: "UNKNOWN", createTime: Date()))
    }
}

@Suite struct ListenerDispatcherTests {
    @Test(.timeLimit(.minutes(1)))
    func throwingAndBlockedListenersDoNotStopTheOthers() async throws {
        let first = RecordingListener()
        let throwing = RecordingListener(failing: true)
        let last = RecordingListener()
        let log = DiagnosticLog()
        let dispatcher = ListenerDispatcher(
            listeners: [
                NamedListener(name: "first", listener: first),
                NamedListener(name: "blocked", listener: BlockedListener()),
                NamedListener(name: "throwing", listener: throwing), NamedListener(name: "last", listener: last),
            ],
            capacity: 1024, onDiagnostic: log.record)
        let all = events(500)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for event in all { dispatcher.dispatch(event) }
        }
        #expect(elapsed < .seconds(1), "dispatch never waits for listeners")
        let expected = Array(1...500).map(Int64.init)
        let done = await TestSupport.eventually {
            first.sequences.count == 500 && throwing.sequences.count == 500 && last.sequences.count == 500
        }
        #expect(done)
        #expect(first.sequences == expected)
        #expect(throwing.sequences == expected)
        #expect(last.sequences == expected)
        #expect(await TestSupport.eventually { log.failures == 500 })
        let statistics = Dictionary(uniqueKeysWithValues: dispatcher.statistics.map { ($0.name, $0) })
        #expect(statistics["first"]?.delivered == 500)
        #expect(statistics["throwing"]?.failed == 500)
        #expect(statistics["blocked"]?.delivered == 0)
        #expect(
            await dispatcher.shutdown(gracePeriod: .milliseconds(100)) == false, "the blocked listener is abandoned")
    }

    @Test(.timeLimit(.minutes(1)))
    func overflowIsCountedAndReportedOncePerEpisode() async throws {
        let log = DiagnosticLog()
        let fast = RecordingListener()
        let dispatcher = ListenerDispatcher(
            listeners: [NamedListener(name: "stuck", listener: BlockedListener())], capacity: 4,
            onDiagnostic: log.record)
        for event in events(50) { dispatcher.dispatch(event) }
        let dropped = try #require(dispatcher.statistics.first?.dropped)
        #expect(dropped >= 45 && dropped <= 46, "4 queued, at most 1 in the listener's hands, the rest dropped")
        #expect(log.overflowReports == 1)
        _ = fast
        #expect(await dispatcher.shutdown(gracePeriod: .milliseconds(50)) == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func shutdownDrainsTheQueues() async throws {
        let listener = RecordingListener()
        let dispatcher = ListenerDispatcher(listeners: [NamedListener(name: "r", listener: listener)])
        for event in events(100) { dispatcher.dispatch(event) }
        #expect(await dispatcher.shutdown(gracePeriod: .seconds(10)))
        #expect(listener.sequences.count == 100)
        dispatcher.dispatch(events(1)[0])
        #expect(listener.sequences.count == 100, "events after shutdown are ignored")
    }

    @Test func noListeners() async {
        let dispatcher = ListenerDispatcher(listeners: [])
        dispatcher.dispatch(events(1)[0])
        #expect(await dispatcher.shutdown())
    }
}

struct FakeFactory: JobStatusChangedListenerFactory {
    var name: String
    func make(configuration: [String: String]) throws -> any JobStatusChangedListener {
        if let bad = configuration["fail"] { throw TestSetupError(description: "bad option \(bad)") }
        return RecordingListener()
    }
}

@Suite struct ListenerRegistryTests {
    @Test func unknownNameIsAClearError() throws {
        let registry = try ListenerRegistry(factories: [FakeFactory(name: "mqtt")])
        let error = #expect(throws: ListenerRegistryError.self) {
            try registry.makeListeners(configuration: [ListenerRegistry.listenersKey: "logging, kafka"])
        }
        #expect(error?.code == .unknownListener)
        #expect(error?.listenerName == "kafka")
        #expect(error?.message.contains("known names: logging, mqtt") == true)
    }

    @Test func listenersFromConfigurationInOrderWithTheirOptions() throws {
        let registry = try ListenerRegistry(factories: [FakeFactory(name: "mqtt")])
        let listeners = try registry.makeListeners(configuration: [
            "job-status-changed-listeners": " mqtt ,logging,",
            "job-status-changed-listener.logging.output": "stderr",
            "job-status-changed-listener.mqtt.topic-prefix": "acme",
        ])
        #expect(listeners.map(\.name) == ["mqtt", "logging"])
        #expect(
            ListenerRegistry.options(for: "mqtt", in: ["job-status-changed-listener.mqtt.topic-prefix": "acme"])
                == ["topic-prefix": "acme"])
        #expect(try registry.makeListeners(configuration: [:]).isEmpty)
    }

    @Test func duplicateFactoryAndBadOptions() throws {
        #expect(throws: ListenerRegistryError.self) {
            try ListenerRegistry(factories: [FakeFactory(name: "logging")])
        }
        let registry = try ListenerRegistry(factories: [FakeFactory(name: "fake")])
        let error = #expect(throws: ListenerRegistryError.self) {
            try registry.makeListener(named: "fake", configuration: ["fail": "x"])
        }
        #expect(error?.code == .invalidConfiguration)
        let logging = #expect(throws: ListenerRegistryError.self) {
            try registry.makeListener(named: "logging", configuration: ["output": "syslog"])
        }
        #expect(logging?.message.contains("write stdout or stderr") == true)
        #expect(throws: ListenerRegistryError.self) {
            try registry.makeListeners(configuration: [ListenerRegistry.listenersKey: "fake,fake"])
        }
    }

    @Test func loggingListenerWritesOneLinePerEvent() async throws {
        let lines = Mutex<[String]>([])
        let listener = LoggingListener { line in lines.withLock { $0.append(line) } }
        for event in Fixtures.allEvents { try await listener.onEvent(event) }
        let written = lines.withLock { $0 }
        #expect(written.count == Fixtures.allEvents.count)
        #expect(written.allSatisfy { !$0.contains("\n") })
        #expect(written[3].contains("job-status-changed job=nightly-orders execution=42 STARTING->STARTED"))
        #expect(written[6].contains("schedule=nightly-orders#0") && written[6].contains("skipped"))
    }
}
