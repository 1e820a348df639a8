import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("Batchwire's side tables")
struct StateStoreTests {
    @Test("a fired slot is claimed exactly once by concurrent nodes", arguments: TestBackend.allCases)
    func firedSlotsExactlyOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let fire = Date(timeIntervalSince1970: 1_705_314_600)
            let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in 0..<10 {
                    group.addTask { try await state.claimFiredSlot(scheduleID: "nightly", fireTime: fire, nodeID: "node-\(node)") }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 }.count == 1)
            #expect(try await state.claimFiredSlot(scheduleID: "nightly", fireTime: fire.addingTimeInterval(60), nodeID: "a"))
            try await state.recordFiredSlotOutcome(scheduleID: "nightly", fireTime: fire, jobExecutionID: 1, outcome: "launched")
            #expect(try await state.lastFiredSlot(scheduleID: "nightly") == fire.addingTimeInterval(60))
            #expect(try await state.lastFiredSlot(scheduleID: "other") == nil)
        }
    }

    @Test("outbox events are written with the status change and numbered per execution", arguments: TestBackend.allCases)
    func outbox(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            var execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1), events: [OutboxEvent(topic: "bw/events/job", payload: "{\"created\":true}")])
            execution.status = .started
            try await t.repository.update(&execution, events: [OutboxEvent(topic: "bw/events/job", payload: "{\"s\":\"STARTED\"}")])
            var stale = execution
            stale.version = 0
            _ = await #expect(throws: StoreError.self) {
                try await t.repository.update(&stale, events: [OutboxEvent(topic: "lost", payload: "{}")])
            }
            let pending = try await state.pendingEvents()
            #expect(pending.map(\.sequenceNumber) == [1, 2])
            #expect(pending.map(\.event.topic) == ["bw/events/job", "bw/events/job"])
            #expect(pending.allSatisfy { $0.jobExecutionID == execution.id })
            try await state.markDelivered(eventIDs: [pending[0].id])
            #expect(try await state.pendingEvents().map(\.id) == [pending[1].id])
            try await state.appendEvents([OutboxEvent(topic: "bw/nodes/a", payload: "online")], jobExecutionID: nil)
            #expect(try await state.pendingEvents().count == 2)
        }
    }

    @Test("heartbeats, ownership leases, pauses and command keys", arguments: TestBackend.allCases)
    func nodesAndLeases(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await state.heartbeat(nodeID: "a", hostName: "host-a", at: now)
            try await state.heartbeat(nodeID: "a", hostName: "host-a", at: now.addingTimeInterval(5))
            let nodes = try await state.nodes()
            #expect(nodes.map(\.nodeID) == ["a"])
            #expect(nodes[0].heartbeatAt == now.addingTimeInterval(5))
            #expect(nodes[0].startedAt == now)

            #expect(try await state.claimOwnership(jobExecutionID: 1, nodeID: "a", leaseExpiresAt: now.addingTimeInterval(30), at: now))
            #expect(!(try await state.claimOwnership(jobExecutionID: 1, nodeID: "b", leaseExpiresAt: now.addingTimeInterval(30), at: now)))
            #expect(try await state.renewLeases(nodeID: "a", until: now.addingTimeInterval(60)) == 1)
            #expect(try await state.expiredOwnerships(at: now.addingTimeInterval(59)).isEmpty)
            let expired = try await state.expiredOwnerships(at: now.addingTimeInterval(61))
            #expect(expired.map(\.nodeID) == ["a"])
            #expect(try await state.claimOwnership(
                jobExecutionID: 1, nodeID: "b", leaseExpiresAt: now.addingTimeInterval(120), at: now.addingTimeInterval(61)))
            try await state.releaseOwnership(jobExecutionID: 1)
            #expect(try await state.expiredOwnerships(at: now.addingTimeInterval(1000)).isEmpty)

            try await state.setSchedulePaused(scheduleID: "nightly", paused: true, reason: "maintenance", changedBy: "ops", at: now)
            try await state.setSchedulePaused(scheduleID: "nightly", paused: false, reason: nil, changedBy: "ops", at: now)
            try await state.setSchedulePaused(scheduleID: "hourly", paused: true, reason: nil, changedBy: nil, at: now)
            let states = try await state.scheduleStates()
            #expect(states.map(\.scheduleID) == ["hourly", "nightly"])
            #expect(states.map(\.isPaused) == [true, false])

            #expect(try await state.claimCommand(key: "cmd-1") == .claimed)
            #expect(try await state.claimCommand(key: "cmd-1") == .duplicate(result: nil))
            try await state.recordCommandResult(key: "cmd-1", result: "{\"ok\":true}")
            #expect(try await state.claimCommand(key: "cmd-1") == .duplicate(result: "{\"ok\":true}"))
        }
    }
}
