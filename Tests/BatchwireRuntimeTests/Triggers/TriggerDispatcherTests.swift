import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import Synchronization
import Testing

/// The trigger dispatcher on a real store: one run per message across nodes, typed parameters, every outcome
/// recorded and announced, pause, overlap and debounce.
@Suite("Event trigger dispatch")
struct TriggerDispatcherTests {
    static let lineReport = """
        name: line-report
        incrementer: none
        mqtt: { trigger: true }
        parameters: [{ name: batch, type: long, value: "0" }]
        steps: [{ name: s, noop: {} }]
        triggers:
          - mqtt:
              topic: plant/+/batch-ready
              parameters: { line: "${topic[1]}", batch: "${payload.batchId}" }
        """

    static func register(_ yaml: String, in fixture: LaunchFixture) throws {
        for job in try JobFileParser().parse(yaml, file: "test.yaml") { try fixture.registry.register(job) }
    }

    static func dispatcher(_ jobOperator: JobOperator, node: String = "node-1", now: @escaping @Sendable () -> Date = Date.init)
        -> TriggerDispatcher
    {
        TriggerDispatcher(
            jobOperator: jobOperator, configuration: TriggerConfiguration(nodeID: node, debounceGrace: .milliseconds(200), now: now),
            logger: LaunchFixture.logger)
    }

    static func message(_ line: String, _ payload: String, eventID: String? = nil) -> TriggerInput {
        .message(TriggerMessage(topic: "plant/\(line)/batch-ready", payload: Array(payload.utf8), eventID: eventID))
    }

    /// The trigger-fire events in the outbox, in order.
    static func triggerEvents(_ store: MetadataStore) async throws -> [TriggerFireEvent] {
        try await store.state.pendingEvents(limit: 10_000).compactMap { stored in
            if case .triggerFire(let event) = try BatchwireEvent(jsonData: Data(stored.event.payload.utf8)) { return event }
            return nil
        }
    }

    @Test("a message starts one run with typed parameters; the same message again, on another node, starts none",
          arguments: LaunchBackend.allCases)
    func oneRunPerMessage(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(Self.lineReport, in: fixture)
            let nodeA = fixture.makeOperator(node: "a")
            let otherStore = try await fixture.openAgain()
            let nodeB = fixture.makeOperator(node: "b", store: otherStore)
            let first = Self.dispatcher(nodeA, node: "a")
            let second = Self.dispatcher(nodeB, node: "b")
            let message = Self.message("L7", #"{"batchId": 42}"#)
            async let outcomeA = first.handle(message, triggerID: "line-report#trigger-1")
            async let outcomeB = second.handle(message, triggerID: "line-report#trigger-1")
            let outcomes = await [outcomeA, outcomeB]
            #expect(outcomes.compactMap { $0 } == [.started], "\(outcomes)")
            // A redelivery to the first node later: still a duplicate.
            #expect(await first.handle(message, triggerID: "line-report#trigger-1") == nil)
            let runs = try await fixture.store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10)
            #expect(runs.count == 1)
            let instance = try #require(runs.first)
            let execution = try #require(try await fixture.store.explorer.getJobExecutions(jobInstance: instance).first)
            #expect(execution.jobParameters["line"] == JobParameter(.string("L7")))
            #expect(execution.jobParameters["batch"] == JobParameter(.long(42)))
            let records = try await fixture.store.state.triggerFires(triggerID: "line-report#trigger-1")
            #expect(records.map(\.outcome) == ["started"])
            #expect(records.first?.jobExecutionID == execution.id)
            let events = try await Self.triggerEvents(fixture.store)
            #expect(events.map(\.outcome) == [.started])
            #expect(events.first?.jobExecutionId == execution.id)
            #expect(events.first?.source == "plant/L7/batch-ready")
            // Whichever node won runs it to the end.
            try await eventually("the run's end") {
                try await fixture.store.explorer.getJobExecution(id: execution.id)?.status == .completed
            }
            await otherStore.close()
        }
    }

    @Test("BW_EVENT_ID makes identical payloads distinct messages", arguments: LaunchBackend.allCases)
    func eventIDsDistinguish(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(Self.lineReport.replacingOccurrences(of: "incrementer: none", with: "incrementer: run-id"), in: fixture)
            let dispatcher = Self.dispatcher(fixture.makeOperator())
            let outcomes = [
                await dispatcher.handle(Self.message("L1", #"{"batchId": 1}"#, eventID: "e-1"), triggerID: "line-report#trigger-1"),
                await dispatcher.handle(Self.message("L1", #"{"batchId": 1}"#, eventID: "e-2"), triggerID: "line-report#trigger-1"),
                await dispatcher.handle(Self.message("L1", #"{"batchId": 1}"#, eventID: "e-2"), triggerID: "line-report#trigger-1"),
            ]
            #expect(outcomes == [.started, .started, nil])
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10).count == 2)
        }
    }

    @Test("bad messages are recorded and announced, and start nothing", arguments: LaunchBackend.allCases)
    func badMessages(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(Self.lineReport, in: fixture)
            let dispatcher = Self.dispatcher(fixture.makeOperator())
            let cases: [(String, TriggerFireEvent.Outcome, String)] = [
                ("not json", .malformed, "the payload is not JSON"),
                (#"[1, 2]"#, .malformed, "the payload is not a JSON object"),
                (#"{"other": 1}"#, .missingMember, "the payload has no member payload.batchId"),
                (#"{"batchId": "forty-two"}"#, .refused, "parameter 'batch'"),
                (#"{"batchId": {"n": 1}}"#, .refused, "not a single value"),
            ]
            for (payload, outcome, _) in cases {
                let result = await dispatcher.handle(Self.message("L1", payload), triggerID: "line-report#trigger-1")
                #expect(result == outcome, "\(payload)")
            }
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10).isEmpty)
            let events = try await Self.triggerEvents(fixture.store)
            #expect(events.map(\.outcome) == cases.map(\.1))
            for (event, expected) in zip(events, cases) {
                #expect(event.reason.contains(expected.2), "\(event.reason)")
                #expect(event.jobExecutionId == nil)
            }
            let records = try await fixture.store.state.triggerFires(triggerID: "line-report#trigger-1", limit: 10)
            #expect(Set(records.compactMap(\.outcome)) == Set(cases.map(\.1.rawValue)))
        }
    }

    @Test("a paused job's triggers record the message paused; resumed, they run", arguments: LaunchBackend.allCases)
    func pause(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(Self.lineReport, in: fixture)
            let ids = try #require(ScheduleOverview.scheduleIDs(matching: "line-report", in: fixture.registry))
            #expect(ids == ["line-report#trigger-1"])
            try await fixture.store.state.setSchedulePaused(scheduleID: ids[0], paused: true, reason: "maintenance", changedBy: "test")
            let dispatcher = Self.dispatcher(fixture.makeOperator())
            #expect(await dispatcher.handle(Self.message("L1", #"{"batchId": 1}"#), triggerID: ids[0]) == .paused)
            try await fixture.store.state.setSchedulePaused(scheduleID: ids[0], paused: false, reason: nil, changedBy: "test")
            dispatcher.pausesChanged()
            #expect(await dispatcher.handle(Self.message("L1", #"{"batchId": 2}"#), triggerID: ids[0]) == .started)
        }
    }

    @Test("overlap: skip records a message skipped while a run goes on", arguments: LaunchBackend.allCases)
    func overlapSkip(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            let marker = fixture.file("go")
            let yaml = Self.lineReport
                .replacingOccurrences(of: "incrementer: none", with: "incrementer: run-id\noverlap: skip")
                .replacingOccurrences(
                    of: "steps: [{ name: s, noop: {} }]",
                    with: "steps: [{ name: s, command: [/bin/sh, -c, 'while [ ! -f \(marker) ]; do sleep 0.05; done'] }]")
            try Self.register(yaml, in: fixture)
            let jobOperator = fixture.makeOperator()
            let dispatcher = Self.dispatcher(jobOperator)
            #expect(await dispatcher.handle(Self.message("L1", #"{"batchId": 1}"#), triggerID: "line-report#trigger-1") == .started)
            #expect(await dispatcher.handle(Self.message("L1", #"{"batchId": 2}"#), triggerID: "line-report#trigger-1") == .skipped)
            #expect(FileManager.default.createFile(atPath: marker, contents: nil))
            let events = try await Self.triggerEvents(fixture.store)
            #expect(events.map(\.outcome) == [.started, .skipped])
            #expect(events.last?.runningExecutionId == events.first?.jobExecutionId)
            _ = try await finished(jobOperator, try #require(events.first?.jobExecutionId))
        }
    }

    @Test("debounce: the messages of one window start one run with the last one's parameters", arguments: LaunchBackend.allCases)
    func debounce(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(
                Self.lineReport.replacingOccurrences(of: "incrementer: none", with: "incrementer: run-id")
                    .replacingOccurrences(of: "\"${payload.batchId}\" }", with: "\"${payload.batchId}\" }\n      debounce: 2s"),
                in: fixture)
            // The clock stands at the start of a window, so all five messages fall in it.
            let windowStart = (Date().timeIntervalSince1970 / 2).rounded(.down) * 2 + 2
            let clock = Mutex(Date(timeIntervalSince1970: windowStart + 0.1))
            let jobOperator = fixture.makeOperator()
            let nodeA = Self.dispatcher(jobOperator, node: "a") { clock.withLock { $0 } }
            let nodeB = Self.dispatcher(jobOperator, node: "b") { clock.withLock { $0 } }
            for batch in 1...5 {
                let node = batch % 2 == 0 ? nodeB : nodeA
                clock.withLock { $0 = $0.addingTimeInterval(0.1) }
                #expect(await node.handle(Self.message("L1", "{\"batchId\": \(batch)}"), triggerID: "line-report#trigger-1") == .debounced)
            }
            // Both nodes close the window; one starts its run.
            clock.withLock { $0 = Date(timeIntervalSince1970: windowStart + 2.5) }
            try await eventually("the window's run", within: 15) {
                try await fixture.store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10).count >= 1
            }
            try await Task.sleep(for: .seconds(1))
            let instances = try await fixture.store.explorer.getJobInstances(jobName: "line-report", start: 0, count: 10)
            #expect(instances.count == 1)
            let instance = try #require(instances.first)
            let execution = try #require(try await fixture.store.explorer.getJobExecutions(jobInstance: instance).first)
            #expect(execution.jobParameters["batch"] == JobParameter(.long(5)))
            let records = try await fixture.store.state.triggerFires(triggerID: "line-report#trigger-1", limit: 20)
            #expect(records.filter { $0.outcome == "debounced" }.count == 5)
            #expect(records.filter { $0.outcome == "debounced" }.allSatisfy { $0.jobExecutionID == execution.id })
            #expect(records.filter { $0.outcome == "started" }.map(\.messageKey) == ["window:\(Int64(windowStart + 2))"])
        }
    }

    @Test("dataset triggers: A → B → C run in order, once per upstream completion, with the upstream's id",
          arguments: LaunchBackend.allCases)
    func datasetChain(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try Self.register(
                """
                jobs:
                  - name: a
                    steps: [{ name: s, noop: {} }]
                    lineage: { outputs: [{ namespace: lake, name: raw }] }
                  - name: b
                    steps: [{ name: s, noop: {} }]
                    lineage: { outputs: [{ namespace: lake, name: clean }] }
                    triggers: [{ dataset: { namespace: lake, name: raw, parameters: { from: "${upstream.execution.id}" } } }]
                  - name: c
                    incrementer: none
                    steps: [{ name: s, noop: {} }]
                    triggers: [{ dataset: { namespace: lake, name: clean, parameters: { from: "${upstream.execution.id}", run: "${upstream.param.run.id}" } } }]
                """, in: fixture)
            let jobOperator = fixture.makeOperator()
            let dispatcher = Self.dispatcher(jobOperator)
            let watcher = Task { await DatasetTriggerWatcher(dispatcher: dispatcher, interval: .milliseconds(100)).run() }
            defer { watcher.cancel() }
            let upstream = try await finished(jobOperator, try await jobOperator.startNextInstance(jobName: "a").id)
            try await eventually("c's run", within: 20) {
                try await fixture.store.explorer.getJobInstances(jobName: "c", start: 0, count: 10).count == 1
            }
            let b = try #require(try await fixture.store.explorer.getJobExecutions(jobName: "b", start: 0, count: 10).first)
            let c = try #require(try await fixture.store.explorer.getJobExecutions(jobName: "c", start: 0, count: 10).first)
            #expect(b.jobParameters["from"] == JobParameter(.long(upstream.id)))
            #expect(c.jobParameters["from"] == JobParameter(.long(b.id)))
            #expect(c.jobParameters["run"] == JobParameter(.long(1)))
            #expect(b.id > upstream.id && c.id > b.id)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "b", start: 0, count: 10).count == 1)
            #expect(try await fixture.store.explorer.getJobInstances(jobName: "c", start: 0, count: 10).count == 1)
        }
    }
}

/// What other nodes do with a claim whose node stopped before starting its run, and with old records.
@Suite("Event trigger recovery")
struct TriggerRecoveryTests {
    @Test("a claim without an outcome from a node with no heartbeat is taken over and run", arguments: LaunchBackend.allCases)
    func takeOver(backend: LaunchBackend) async throws {
        try await withLaunchFixture(backend) { fixture in
            try TriggerDispatcherTests.register(TriggerDispatcherTests.lineReport, in: fixture)
            let long = Date().addingTimeInterval(-120)
            let parameters = "[[\"batch\",\"java.lang.Long\",\"Y\",\"9\"],[\"line\",\"java.lang.String\",\"Y\",\"L3\"]]"
            for (key, node) in [("k-dead", "dead-node"), ("k-alive", "alive-node")] {
                let claim = BatchwireStateStore.TriggerFire(
                    triggerID: "line-report#trigger-1", messageKey: key, receivedAt: long, nodeID: node,
                    source: "plant/L3/batch-ready", parameters: parameters)
                #expect(try await fixture.store.state.claimTriggerFire(claim, duplicateWindow: 3600))
            }
            try await fixture.store.state.heartbeat(nodeID: "alive-node", hostName: nil)
            let dispatcher = TriggerDispatcherTests.dispatcher(fixture.makeOperator(node: "rescuer"), node: "rescuer")
            #expect(await dispatcher.recoverUndecided() == 1)
            let records = try await fixture.store.state.triggerFires(triggerID: "line-report#trigger-1")
            let dead = try #require(records.first { $0.messageKey == "k-dead" })
            #expect(dead.outcome == "started")
            #expect(dead.nodeID == "rescuer")
            let executionID = try #require(dead.jobExecutionID)
            let execution = try #require(try await fixture.store.explorer.getJobExecution(id: executionID))
            #expect(execution.jobParameters["batch"] == JobParameter(.long(9)))
            #expect(execution.jobParameters["line"] == JobParameter(.string("L3")))
            #expect(records.first { $0.messageKey == "k-alive" }?.outcome == nil, "the live node's claim is left to it")
            // Again: nothing more to take over.
            #expect(await dispatcher.recoverUndecided() == 0)
            #expect(try await fixture.store.state.pruneTriggerFires(receivedBefore: Date()) == 1)
            #expect(try await fixture.store.state.triggerFires(triggerID: "line-report#trigger-1").map(\.messageKey) == ["k-alive"])
        }
    }
}
