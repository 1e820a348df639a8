import BatchwireCore
import BatchwireStore
import Foundation
import Testing

@Suite("Outbox dead letters")
struct DeadLetterStoreTests {
    @Test(
        "a dead-lettered event leaves the pending events, keeps its payload and reason, and is listed until deleted",
        arguments: TestBackend.allCases)
    func moveAside(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let state = t.store.state
            let payloads = ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"]
            try await state.appendEvents(
                payloads.map { OutboxEvent(topic: "bw/events/job", payload: $0) }, jobExecutionID: 7)
            let pending = try await state.pendingEvents()
            #expect(pending.count == 3)
            let refused = pending[1]
            let when = Date(timeIntervalSince1970: 1_700_000_000)
            let reason = "MQTTError.notAuthorized during publish (reason code 135) [denied/x]"
            #expect(try await state.deadLetter(eventID: refused.id, attempts: 5, reason: reason, at: when))
            #expect(try await state.pendingEvents().map(\.id) == [pending[0].id, pending[2].id])

            let letters = try await state.deadLetters()
            #expect(letters.count == 1)
            #expect(letters[0].event.id == refused.id)
            #expect(letters[0].event.jobExecutionID == 7)
            #expect(letters[0].event.sequenceNumber == 2)
            #expect(letters[0].event.event.payload == payloads[1])
            #expect(letters[0].event.event.topic == "bw/events/job")
            #expect(letters[0].attempts == 5)
            #expect(letters[0].reason == reason)
            #expect(letters[0].deadLetteredAt == when)

            // Once only; never a delivered event.
            #expect(!(try await state.deadLetter(eventID: refused.id, attempts: 6, reason: "again")))
            try await state.markDelivered(eventIDs: [pending[0].id])
            #expect(!(try await state.deadLetter(eventID: pending[0].id, attempts: 1, reason: "late")))
            #expect(!(try await state.deadLetter(eventID: 999_999, attempts: 1, reason: "gone")))
            #expect(try await state.deadLetters().map(\.event.id) == [refused.id])

            // The next event of the execution continues the numbering after the dead letter.
            try await state.appendEvents([OutboxEvent(topic: "bw/events/job", payload: "{\"n\":4}")], jobExecutionID: 7)
            #expect(try await state.pendingEvents().map(\.sequenceNumber) == [3, 4])

            // Pruning the outbox after the retention keeps the dead letter's copy.
            #expect(try await state.pruneDeliveredEvents(deliveredBefore: Date().addingTimeInterval(60)) == 2)
            #expect(try await state.deadLetters().map(\.event.event.payload) == [payloads[1]])
            #expect(try await state.deleteDeadLetters(eventIDs: [refused.id]) == 1)
            #expect(try await state.deadLetters().isEmpty)
        }
    }

    @Test(
        "a database made before the dead-letter table: check names that table only, init adds it",
        arguments: TestBackend.allCases)
    func upgradeAddsTheTable(backend: TestBackend) async throws {
        try await TestStore.with(backend) { t in
            let execution = try await t.repository.createJobExecution(
                jobName: "job", parameters: Fixtures.parameters(run: 1))
            try await t.raw.execute("DROP TABLE \(t.names.eventDeadLetter)")
            let before = try await t.store.checkSchema()
            #expect(before.differences.map(\.kind) == [.missingTable])
            #expect(before.differences.map(\.table) == [t.names.eventDeadLetter])
            #expect(!before.isEmptyDatabase)
            let after = try await t.store.initializeSchema()
            #expect(after.isMatching, "\(after)")
            #expect(try await t.explorer.getJobExecution(id: execution.id) != nil, "existing rows are kept")
        }
    }
}
