import Foundation

extension BatchwireStateStore {
    /// Every outbox event of an execution still in the table (delivered or not, until pruned), by sequence
    /// number: what was recorded for it, and what the relay did with each.
    ///
    /// - Parameter jobExecutionID: the execution.
    /// - Throws: ``StoreError`` `.database`.
    public func outboxEvents(jobExecutionID: Int64) async throws(StoreError) -> [StoredOutboxEvent] {
        let table = context.names.eventOutbox
        return try await context.database.transaction("outboxEvents", .read) { session in
            try await session.query(
                "SELECT \(StoredOutboxEvent.columns) "
                    + "FROM \(table) "
                    + "WHERE JOB_EXECUTION_ID = ? ORDER BY SEQUENCE_NUMBER",
                [.int(jobExecutionID)]
            ).map { row throws(StoreError) in try StoredOutboxEvent(row: row) }
        }
    }
}

extension BatchwireStateStore {
    /// Undelivered events after `eventID`, oldest first: the next batch while the events up to `eventID` are
    /// still being published. An event committed later with a smaller id is not among them; read from the
    /// start (``pendingEvents(limit:)``) now and then so it is not left behind.
    ///
    /// - Parameters:
    ///   - eventID: the last `EVENT_ID` already read.
    ///   - limit: at most this many.
    /// - Throws: ``StoreError`` `.database`.
    public func pendingEvents(after eventID: Int64, limit: Int) async throws(StoreError) -> [StoredOutboxEvent] {
        let table = context.names.eventOutbox
        return try await context.database.transaction("pendingEvents", .read) { session in
            try await session.query(
                "SELECT \(StoredOutboxEvent.columns) FROM \(table) "
                    + "WHERE DELIVERED_AT IS NULL AND EVENT_ID > ? ORDER BY EVENT_ID LIMIT ?",
                [.int(eventID), .int(Int64(max(0, limit)))]
            ).map { row throws(StoreError) in try StoredOutboxEvent(row: row) }
        }
    }
}
