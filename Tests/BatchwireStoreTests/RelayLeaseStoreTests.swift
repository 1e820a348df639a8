import BatchwireStore
import Foundation
import Testing

/// The relay lease (`<prefix>BW_RELAY_LEASE`): one holder at a time, taken over only after it expired.
@Suite("Relay lease")
struct RelayLeaseStoreTests {
    @Test("one holder; renewals by the holder; takeover only after expiry; release frees it at once",
        arguments: TestBackend.allCases)
    func oneHolder(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let now = Date()
            #expect(try await state.relayLease(name: "outbox") == nil)
            #expect(try await state.acquireRelayLease(name: "outbox", nodeID: "a", until: now + 30, at: now))
            #expect(try await !state.acquireRelayLease(name: "outbox", nodeID: "b", until: now + 31, at: now + 1))
            #expect(try await state.acquireRelayLease(name: "outbox", nodeID: "a", until: now + 40, at: now + 10))
            let held = try #require(try await state.relayLease(name: "outbox"))
            #expect(held.nodeID == "a")
            #expect(abs(held.expiresAt.timeIntervalSince(now + 40)) < 0.001)
            // Another lease name is independent.
            #expect(try await state.acquireRelayLease(name: "other", nodeID: "b", until: now + 30, at: now))

            // Still valid at now + 39: refused. Expired at now + 41: b takes it, and a's renewal is refused.
            #expect(try await !state.acquireRelayLease(name: "outbox", nodeID: "b", until: now + 69, at: now + 39))
            #expect(try await state.acquireRelayLease(name: "outbox", nodeID: "b", until: now + 71, at: now + 41))
            #expect(try await !state.acquireRelayLease(name: "outbox", nodeID: "a", until: now + 72, at: now + 42))
            #expect(try await state.relayLease(name: "outbox")?.nodeID == "b")

            #expect(try await !state.releaseRelayLease(name: "outbox", nodeID: "a"), "a does not hold it")
            #expect(try await state.relayLease(name: "outbox")?.nodeID == "b")
            #expect(try await state.releaseRelayLease(name: "outbox", nodeID: "b"))
            #expect(try await state.relayLease(name: "outbox") == nil)
            #expect(try await state.acquireRelayLease(name: "outbox", nodeID: "a", until: now + 73, at: now + 43))
        }
    }

    @Test("concurrent takers of a free lease: exactly one wins", arguments: TestBackend.allCases)
    func concurrentTakers(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let now = Date()
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in 0..<8 {
                    group.addTask {
                        try await state.acquireRelayLease(name: "outbox", nodeID: "node-\(node)", until: now + 30, at: now)
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test("a database made before the lease table: check reports it missing, init adds it, then it works",
        arguments: TestBackend.allCases)
    func addedToAnOlderDatabase(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            try await t.raw.execute("DROP TABLE \(t.names.relayLease)")
            let report = try await t.store.checkSchema()
            #expect(report.differences.contains { $0.kind == .missingTable && $0.table == t.names.relayLease }, "\(report)")
            await #expect(throws: StoreError.self) {
                try await t.store.state.acquireRelayLease(name: "outbox", nodeID: "a", until: Date() + 30)
            }
            let after = try await t.store.initializeSchema()
            #expect(after.isMatching, "\(after)")
            #expect(try await t.store.state.acquireRelayLease(name: "outbox", nodeID: "a", until: Date() + 30))
        }
    }
}
