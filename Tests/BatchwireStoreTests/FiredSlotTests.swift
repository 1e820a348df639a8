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
