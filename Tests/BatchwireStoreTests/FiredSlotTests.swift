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
}
