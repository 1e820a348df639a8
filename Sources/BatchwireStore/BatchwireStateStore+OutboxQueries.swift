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
