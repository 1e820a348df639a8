import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("Fired slots: outcomes, latest per schedule, pruning")
struct FiredSlotTests {
    private let base = Date(timeIntervalSince1970: 1_767_225_600)

    @Test("a given-up slot is claimed once with its outcome and event, in one transaction", arguments: TestBackend.allCases)
    func givenUpSlot(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let event = OutboxEvent(topic: "bw/events/job", payload: "{\"missed\":true}")
            #expect(try await state.claimGivenUpSlot(scheduleID: "job#1", fireTime: base, nodeID: "a", outcome: "missed: x", events: [event]))
            #expect(try await !state.claimGivenUpSlot(scheduleID: "job#1", fireTime: base, nodeID: "b", outcome: "missed: y", events: [event]))
            let slots = try await state.firedSlots(scheduleID: "job#1")
            #expect(slots.map(\.outcome) == ["missed: x"])
            #expect(slots.map(\.nodeID) == ["a"])
            #expect(try await state.pendingEvents().map(\.event.payload) == ["{\"missed\":true}"])
        }
    }

    @Test("3,000 given-up slots recorded at once by two nodes: one row and one event per slot, the first holder keeps it",
          arguments: TestBackend.allCases)
    func manyGivenUpSlotsAtOnce(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t throws in
            let other = try await MetadataStore.open(t.store.configuration, logger: TestStore.logger)
            // One slot was decided before: neither node may claim or announce it again.
            #expect(try await t.store.state.claimFiredSlot(scheduleID: "s0#1", fireTime: base, nodeID: "earlier"))
            let slots = (0..<1_500).map { index in ("s\(index % 300)#1", base.addingTimeInterval(Double(index / 300))) }
            let claims = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for (node, store) in [("a", t.store), ("b", other)] {
                    for (schedule, time) in slots {
                        group.addTask {
                            let event = OutboxEvent(topic: "bw/events/\(schedule)", payload: "{\"node\":\"\(node)\"}")
                            let claimed = try await store.state.claimGivenUpSlot(
                                scheduleID: schedule, fireTime: time, nodeID: node, outcome: "missed: by \(node)",
                                events: [event])
                            return (node, claimed)
                        }
                    }
                }
                return try await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }
            await other.close()
            let won = claims.filter(\.1)
            #expect(won.count == 1_499, "every slot but the decided one is claimed once")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.firedSlot)") == "1500")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.firedSlot) WHERE NODE_ID = 'earlier' AND OUTCOME IS NULL") == "1")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox)") == "1499")
            // Each row's outcome names the node whose event was written for it.
            let byA = won.filter { $0.0 == "a" }.count
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.firedSlot) WHERE OUTCOME = 'missed: by a'") == "\(byA)")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.eventOutbox) WHERE PAYLOAD LIKE '%\"a\"%'") == "\(byA)")
        }
    }

    @Test("latestFiredSlots gives each schedule's newest slot; pruning keeps it", arguments: TestBackend.allCases)
    func latestAndPrune(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            for offset in 0..<5 {
                _ = try await state.claimFiredSlot(
                    scheduleID: "a#1", fireTime: base.addingTimeInterval(Double(offset) * 60), nodeID: "n", at: base)
            }
            _ = try await state.claimFiredSlot(scheduleID: "b#1", fireTime: base, nodeID: "n", at: base)
            try await state.recordFiredSlotOutcome(scheduleID: "b#1", fireTime: base, jobExecutionID: 7, outcome: "started")
            let latest = try await state.latestFiredSlots()
            #expect(latest["a#1"]?.fireTime == base.addingTimeInterval(240))
            #expect(latest["b#1"]?.jobExecutionID == 7)
            #expect(latest.count == 2)
            let deleted = try await state.pruneFiredSlots(claimedBefore: base.addingTimeInterval(1))
            #expect(deleted == 4)
            #expect(try await state.firedSlots(scheduleID: "a#1").map(\.fireTime) == [base.addingTimeInterval(240)])
            #expect(try await state.firedSlots(scheduleID: "b#1").count == 1)
        }
    }

    @Test("an undecided claim is released, or taken over by exactly one of several nodes", arguments: TestBackend.allCases)
    func releaseAndTakeOver(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            #expect(try await state.claimFiredSlot(scheduleID: "job#1", fireTime: base, nodeID: "dead", at: base))
            #expect(try await state.claimFiredSlot(scheduleID: "job#2", fireTime: base, nodeID: "a", at: base))
            try await state.recordFiredSlotOutcome(scheduleID: "job#2", fireTime: base, jobExecutionID: 3, outcome: "started")
            let later = base.addingTimeInterval(120)
            #expect(try await state.undecidedFiredSlots(claimedBefore: later).map(\.scheduleID) == ["job#1"])
            #expect(try await state.undecidedFiredSlots(claimedBefore: base).isEmpty, "claimed at the cutoff, not before")
            #expect(try await !state.holdsUndecidedClaim(scheduleID: "job#1", fireTime: base, nodeID: "a"))
            #expect(try await state.holdsUndecidedClaim(scheduleID: "job#1", fireTime: base, nodeID: "dead"))

            // Five nodes race for the stale claim: one wins.
            let winners = try await withThrowingTaskGroup(of: String?.self) { group in
                for node in ["a", "b", "c", "d", "e"] {
                    group.addTask {
                        try await state.takeOverFiredSlot(
                            scheduleID: "job#1", fireTime: base, fromNode: "dead", claimedBefore: later, toNode: node,
                            at: later) ? node : nil
                    }
                }
                var winners: [String] = []
                for try await winner in group { if let winner { winners.append(winner) } }
                return winners
            }
            #expect(winners.count == 1)
            let slot = try #require(try await state.firedSlots(scheduleID: "job#1").first)
            #expect(slot.nodeID == winners.first && slot.outcome == nil)
            #expect(try await state.holdsUndecidedClaim(scheduleID: "job#1", fireTime: base, nodeID: slot.nodeID))
            // A decided claim is never taken over, nor released.
            #expect(try await !state.takeOverFiredSlot(
                scheduleID: "job#2", fireTime: base, fromNode: "a", claimedBefore: later, toNode: "b", at: later))
            #expect(try await !state.releaseFiredSlot(scheduleID: "job#2", fireTime: base, nodeID: "a"))
            // Only the holder releases an undecided claim.
            #expect(try await !state.releaseFiredSlot(scheduleID: "job#1", fireTime: base, nodeID: "dead"))
            #expect(try await state.releaseFiredSlot(scheduleID: "job#1", fireTime: base, nodeID: slot.nodeID))
            #expect(try await state.firedSlots(scheduleID: "job#1").isEmpty)
        }
    }
}
