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
                "SELECT EVENT_ID, JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT, DELIVERED_AT "
                    + "FROM \(table) "
                    + "WHERE JOB_EXECUTION_ID = ? ORDER BY SEQUENCE_NUMBER",
                [.int(jobExecutionID)]
            ).map { row in
                StoredOutboxEvent(
                    id: try row.int("EVENT_ID"),
                    jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"),
                    sequenceNumber: try row.int("SEQUENCE_NUMBER"),
                    event: OutboxEvent(
                        topic: try row.text("TOPIC"),
                        payload: try row.text("PAYLOAD"),
                        createdAt: try row.instant("CREATED_AT")
                    ),
                    deliveredAt: try row.instantIfPresent("DELIVERED_AT")
                )
            }
        }
    }
}
