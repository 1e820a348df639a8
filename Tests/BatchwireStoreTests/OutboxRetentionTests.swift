import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// Issue 15, item 10: without a relay nothing ever marked an event delivered, so nothing was ever pruned
/// and the outbox grew by every event of every run.
@Suite("Outbox retention without a relay")
struct OutboxRetentionTests {
    @Test(
        "undelivered events older than the cutoff are deleted; newer ones and delivered ones stay",
        arguments: TestBackend.allCases)
    func undeliveredEventsExpire(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let old = Date().addingTimeInterval(-8 * 24 * 3600)
            try await state.appendEvents(
                (1...3).map { OutboxEvent(topic: "bw/events/job", payload: "{\"old\":\($0)}", createdAt: old) },
                jobExecutionID: 7)
            try await state.appendEvents(
                [OutboxEvent(topic: "bw/events/job", payload: "{\"new\":1}")], jobExecutionID: 7)
            let delivered = try #require(try await state.pendingEvents().first)
            try await state.markDelivered(eventIDs: [delivered.id])

            let cutoff = Date().addingTimeInterval(-7 * 24 * 3600)
            #expect(try await state.pruneUndeliveredEvents(createdBefore: cutoff) == 2)
            #expect(try await state.pendingEvents().map(\.event.payload) == ["{\"new\":1}"])
            // The delivered old event is the relay's to prune, by its delivery time.
            #expect(try await state.pruneDeliveredEvents(deliveredBefore: Date().addingTimeInterval(60)) == 1)
            #expect(try await state.pruneUndeliveredEvents(createdBefore: cutoff) == 0)
        }
    }
}
