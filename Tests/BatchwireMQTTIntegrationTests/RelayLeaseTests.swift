import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import MosquittoClient
import Testing

/// Relays of several nodes over one outbox: only the holder of the relay lease publishes.
@Suite("Outbox relay lease across nodes", .needs(.mqtt))
struct RelayLeaseTests {
    /// A relay of node `node` with its own client, on `store`.
    struct Node {
        let relay: OutboxRelay<ContinuousClock>
        let client: MQTTClient
        let task: Task<Void, Never>

        static func start(_ node: String, store: BatchwireStateStore, leaseSeconds: Int) async throws -> Node {
            let client = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "lease-\(node)"))
            var configuration = try fastRelayConfiguration()
            configuration.lease = OutboxRelayLease(nodeID: node, duration: .seconds(leaseSeconds))
            let relay = OutboxRelay(store: store, client: client, configuration: configuration, logger: relayTestLogger)
            return Node(relay: relay, client: client, task: Task { await relay.run() })
        }

        /// Cancels the relay without giving the lease up, as a crash would leave it.
        func kill() async {
            task.cancel()
            await task.value
        }

        func stop() async {
            await kill()
            await relay.releaseLease()
            await client.disconnect()
        }
    }

    /// Appends `count` lifecycles (4 events each) of `job` on executions `first`, `first + 1`, …
    static func append(_ state: BatchwireStateStore, job: String, executions: ClosedRange<Int64>) async throws -> [String] {
        var payloads: [String] = []
        for execution in executions {
            let factory = EventFactory(jobName: job, executionID: execution, topics: try MQTTTopics())
            let rows = try factory.lifecycle().map(factory.outbox)
            try await state.appendEvents(rows, jobExecutionID: execution)
            payloads += rows.map(\.payload)
        }
        return payloads
    }

    @Test("two relays over one outbox: one holds the lease and publishes; every event arrives once, in order",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func oneRelayPublishes(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let job = "lease-once-\(UUID().uuidString.prefix(8).lowercased())"
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "lease-sub"))
            let inbox = MessageInbox(try await subscriber.subscribe(try MQTTTopics().events(job: job)))
            let other = try await temporary.openAgain()
            let a = try await Node.start("node-a", store: temporary.state, leaseSeconds: 30)
            let b = try await Node.start("node-b", store: other.state, leaseSeconds: 30)
            try await eventually("one relay to take the lease", within: 10, every: .milliseconds(20)) { a.relay.holdsLease || b.relay.holdsLease }

            var expected: [String] = []
            for round: Int64 in 0..<5 {
                expected += try await Self.append(temporary.state, job: job, executions: (round * 4 + 1)...(round * 4 + 4))
                a.relay.notify()
                b.relay.notify()
            }
            let received = try await inbox.take(expected.count, within: 20, "\(expected.count) events")
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == expected)
            #expect(try await inbox.drain(for: 1).isEmpty, "no event published twice")
            try await eventually("every row marked delivered", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
            let (ma, mb) = (a.relay.metrics, b.relay.metrics)
            #expect(ma.holdsLease != mb.holdsLease, "exactly one holder: \(ma), \(mb)")
            #expect(ma.published + mb.published == expected.count)
            #expect(min(ma.published, mb.published) == 0, "the standby published nothing: \(ma), \(mb)")
            let holder = ma.holdsLease ? "node-a" : "node-b"
            #expect(try await temporary.state.relayLease(name: "outbox")?.nodeID == holder)

            await a.stop()
            await b.stop()
            await other.close()
            await inbox.stop()
            await subscriber.disconnect()
        }
    }

    @Test("the holder dies without releasing: the standby takes over once the lease expired and every event arrives in order",
        .timeLimit(.minutes(1)), arguments: StoreBackend.allCases)
    func failoverAfterExpiry(backend: StoreBackend) async throws {
        try await withTemporaryStore(backend) { temporary in
            let job = "lease-failover-\(UUID().uuidString.prefix(8).lowercased())"
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "failover-sub"))
            let inbox = MessageInbox(try await subscriber.subscribe(try MQTTTopics().events(job: job)))
            let other = try await temporary.openAgain()
            let a = try await Node.start("node-a", store: temporary.state, leaseSeconds: 3)
            try await eventually("node-a to take the lease", within: 10, every: .milliseconds(20)) { a.relay.holdsLease }
            let b = try await Node.start("node-b", store: other.state, leaseSeconds: 3)

            var expected = try await Self.append(temporary.state, job: job, executions: 1...3)
            a.relay.notify()
            _ = try await inbox.take(12, within: 10, "the events before the crash")
            try await eventually("those marked delivered", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
            #expect(b.relay.metrics.published == 0)

            await a.kill()  // the lease row stays: node-b must wait for it to run out
            expected = try await Self.append(temporary.state, job: job, executions: 4...8)
            let lease = try #require(try await temporary.state.relayLease(name: "outbox"))
            #expect(lease.nodeID == "node-a")
            try await eventually("node-b to take the expired lease", within: 20, every: .milliseconds(20)) { b.relay.holdsLease }
            #expect(Date() >= lease.expiresAt, "taken over only after node-a's lease ran out")
            b.relay.notify()
            let received = try await inbox.take(expected.count, within: 20, "the events after the crash")
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == expected)
            try await eventually("every row marked delivered", within: 5, every: .milliseconds(20)) { try await temporary.state.pendingEvents().isEmpty }
            #expect(try await temporary.state.relayLease(name: "outbox")?.nodeID == "node-b")

            await b.stop()
            await a.client.disconnect()
            await other.close()
            await inbox.stop()
            await subscriber.disconnect()
        }
    }

    @Test("a graceful stop releases the lease: the row is gone at once and a standby takes it over at once",
        .timeLimit(.minutes(1)))
    func releaseOnGracefulStop() async throws {
        try await withTemporaryStore(.sqlite) { temporary in
            let a = try await Node.start("node-a", store: temporary.state, leaseSeconds: 30)
            try await eventually("node-a to take the lease", within: 10, every: .milliseconds(20)) { a.relay.holdsLease }
            let b = try await Node.start("node-b", store: temporary.state, leaseSeconds: 30)
            #expect(await !b.relay.takeLeaseNow(), "node-a holds an unexpired lease")
            await a.stop()
            #expect(!a.relay.holdsLease)
            // Given up: gone, or already taken by node-b's first attempt if that ran late.
            let lease = try await temporary.state.relayLease(name: "outbox")
            #expect(lease == nil || lease?.nodeID == "node-b", "node-a's 30 s lease was given up: \(String(describing: lease))")
            // Without the release node-b would wait 30 s; its next periodic attempt is 10 s away.
            #expect(await b.relay.takeLeaseNow())
            #expect(b.relay.metrics.holdsLease)
            #expect(try await temporary.state.relayLease(name: "outbox")?.nodeID == "node-b")
            await b.stop()
        }
    }

    @Test("a holder whose renewals fail stops publishing when its lease runs out, and resumes once it holds it again",
        .timeLimit(.minutes(1)))
    func stopsWhenRenewalFails() async throws {
        try await withTemporaryStore(.sqlite) { temporary in
            let job = "lease-renew-\(UUID().uuidString.prefix(8).lowercased())"
            let subscriber = try await RelayTestBroker.connect(try RelayTestBroker.configuration(purpose: "renew-sub"))
            let inbox = MessageInbox(try await subscriber.subscribe(try MQTTTopics().events(job: job)))
            let a = try await Node.start("node-a", store: temporary.state, leaseSeconds: 2)
            try await eventually("node-a to take the lease", within: 10, every: .milliseconds(20)) { a.relay.holdsLease }

            try await temporary.execute("DROP TABLE BATCH_BW_RELAY_LEASE")  // every renewal now fails
            try await eventually("node-a to stop publishing", within: 10, every: .milliseconds(20)) { !a.relay.holdsLease }
            let expected = try await Self.append(temporary.state, job: job, executions: 1...2)
            a.relay.notify()
            #expect(try await inbox.drain(for: 1).isEmpty, "nothing published without the lease")
            #expect(try await temporary.state.pendingEvents().count == expected.count)

            _ = try await temporary.store.initializeSchema()  // the table is back: the next attempt takes the lease
            try await eventually("node-a to hold the lease again", within: 10, every: .milliseconds(20)) { a.relay.holdsLease }
            let received = try await inbox.take(expected.count, within: 10, "the events after the lease came back")
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == expected)

            await a.stop()
            await inbox.stop()
            await subscriber.disconnect()
        }
    }
}
