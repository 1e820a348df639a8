import Foundation

extension TableNames {
    /// `<prefix>BW_EVENT_DEAD_LETTER`: outbox events the relay gave up on.
    public var eventDeadLetter: String { prefix + "BW_EVENT_DEAD_LETTER" }
}

extension BatchwireStateStore {
    /// An outbox event the relay moved aside because the broker kept refusing it (`<prefix>BW_EVENT_DEAD_LETTER`).
    public struct DeadLetteredEvent: Sendable, Hashable {
        /// The outbox row as it was when it was moved (`deliveredAt` is `nil`: it never was delivered).
        public let event: StoredOutboxEvent
        /// How many publish attempts the broker refused.
        public let attempts: Int
        /// The last refusal, in words (an `MQTTError` description: reason code, topic, what to do).
        public let reason: String
        /// When it was moved aside.
        public let deadLetteredAt: Date
    }

    /// Moves an undelivered outbox event to the dead letters, in one transaction: a copy with the reason goes
    /// to `<prefix>BW_EVENT_DEAD_LETTER` and the outbox row leaves the pending events (its `DELIVERED_AT` is
    /// set, so it is pruned after the retention like a delivered one; the copy stays until deleted).
    ///
    /// - Parameters:
    ///   - eventID: the outbox row's `EVENT_ID`.
    ///   - attempts: how many publish attempts were refused.
    ///   - reason: the last refusal (cut to 2,500 characters).
    ///   - now: when.
    /// - Returns: whether it was moved; `false` when the row is gone or was already delivered or moved.
    /// - Throws: ``StoreError`` `.database` (also when the dead-letter table is missing: run `batchwire db init`).
    @discardableResult
    public func deadLetter(
        eventID: Int64, attempts: Int, reason: String, at now: Date = Date()
    ) async throws(StoreError)
        -> Bool
    {
        let outbox = context.names.eventOutbox
        let deadLetters = context.names.eventDeadLetter
        let text = String(reason.prefix(2500))
        return try await context.database.transaction("deadLetter") { session in
            let taken = try await session.execute(
                "UPDATE \(outbox) SET DELIVERED_AT = ? WHERE EVENT_ID = ? AND DELIVERED_AT IS NULL",
                [.instant(now), .int(eventID)])
            guard taken > 0 else { return false }
            try await session.execute(
                "INSERT INTO \(deadLetters) (EVENT_ID, JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT, "
                    + "ATTEMPTS, REASON, DEAD_LETTERED_AT) SELECT EVENT_ID, JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, "
                    + "PAYLOAD, CREATED_AT, ?, ?, ? FROM \(outbox) WHERE EVENT_ID = ?",
                [.int(Int64(attempts)), .text(text), .instant(now), .int(eventID)])
            return true
        }
    }

    /// The dead-lettered events, oldest first.
    ///
    /// - Parameter limit: at most this many.
    /// - Throws: ``StoreError`` `.database`.
    public func deadLetters(limit: Int = 100) async throws(StoreError) -> [DeadLetteredEvent] {
        let table = context.names.eventDeadLetter
        return try await context.database.transaction("deadLetters", .read) { session in
            try await session.query(
                "SELECT EVENT_ID, JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT, ATTEMPTS, REASON, "
                    + "DEAD_LETTERED_AT FROM \(table) ORDER BY EVENT_ID LIMIT ?",
                [.int(Int64(max(0, limit)))]
            ).map { row in
                DeadLetteredEvent(
                    event: try StoredOutboxEvent(row: row),
                    attempts: Int(try row.int("ATTEMPTS")),
                    reason: try row.text("REASON"),
                    deadLetteredAt: try row.instant("DEAD_LETTERED_AT")
                )
            }
        }
    }

    /// Deletes dead letters once someone dealt with them (republished or dismissed them).
    ///
    /// - Parameter eventIDs: their `EVENT_ID`s.
    /// - Returns: how many were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func deleteDeadLetters(eventIDs: [Int64]) async throws(StoreError) -> Int {
        guard !eventIDs.isEmpty else { return 0 }
        let table = context.names.eventDeadLetter
        let placeholders = Array(repeating: "?", count: eventIDs.count).joined(separator: ", ")
        return try await context.database.transaction("deleteDeadLetters") { session in
            try await session.execute(
                "DELETE FROM \(table) WHERE EVENT_ID IN (\(placeholders))", eventIDs.map { .int($0) })
        }
    }
}
