import Foundation

extension BatchwireStateStore {
    /// Deletes outbox events that were delivered before `cutoff`; undelivered events are never deleted.
    ///
    /// - Parameter cutoff: rows whose `DELIVERED_AT` is earlier than this instant are removed.
    /// - Returns: how many rows were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func pruneDeliveredEvents(deliveredBefore cutoff: Date) async throws(StoreError) -> Int {
        let table = context.names.eventOutbox
        return try await context.database.transaction("pruneDeliveredEvents") { session in
            try await session.execute(
                "DELETE FROM \(table) WHERE DELIVERED_AT IS NOT NULL AND DELIVERED_AT < ?",
                [.instant(cutoff)]
            )
        }
    }

    /// Deletes outbox events that were written before `cutoff` and never delivered: no relay sent them
    /// within the retention (a node without a broker, or a broker gone for that long), and a status
    /// that old is no news to a subscriber. Without this the default setup (no broker) keeps every
    /// event of every run for ever.
    ///
    /// - Parameter cutoff: undelivered rows whose `CREATED_AT` is earlier than this instant are removed.
    /// - Returns: how many rows were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func pruneUndeliveredEvents(createdBefore cutoff: Date) async throws(StoreError) -> Int {
        let table = context.names.eventOutbox
        return try await context.database.transaction("pruneUndeliveredEvents") { session in
            try await session.execute(
                "DELETE FROM \(table) WHERE DELIVERED_AT IS NULL AND CREATED_AT < ?", [.instant(cutoff)])
        }
    }

    /// The first outbox event of an execution (sequence number 1, its job-created event when the
    /// launcher wrote it), delivered or not; `nil` if there is none (never written, or pruned).
    ///
    /// - Parameter jobExecutionID: the execution.
    /// - Throws: ``StoreError`` `.database`.
    public func firstEvent(jobExecutionID: Int64) async throws(StoreError) -> StoredOutboxEvent? {
        let table = context.names.eventOutbox
        return try await context.database.transaction("firstEvent", .read) { session in
            try await session.query(
                "SELECT \(StoredOutboxEvent.columns) FROM \(table) "
                    + "WHERE JOB_EXECUTION_ID = ? ORDER BY SEQUENCE_NUMBER LIMIT 1",
                [.int(jobExecutionID)]
            ).first.map { row throws(StoreError) in try StoredOutboxEvent(row: row) }
        }
    }
}
