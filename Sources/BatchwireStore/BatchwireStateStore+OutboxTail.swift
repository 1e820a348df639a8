import Foundation

extension BatchwireStateStore {
    /// Outbox events by increasing `EVENT_ID` after `eventID`, delivered or not: what a reader that follows
    /// every node's events (the dashboard's event streams) reads, one primary-key range a call. An event
    /// committed after a later-numbered one (concurrent transactions) is not among them once `eventID` passed
    /// its id; re-read a few ids back if that matters.
    ///
    /// - Parameters:
    ///   - eventID: the last `EVENT_ID` already read (0 for all).
    ///   - limit: at most this many.
    /// - Throws: ``StoreError`` `.database`.
    public func outboxEvents(after eventID: Int64, limit: Int) async throws(StoreError) -> [PendingOutboxEvent] {
        let table = context.names.eventOutbox
        return try await context.database.transaction("outboxEventsAfter", .read) { session in
            try await session.query(
                "SELECT EVENT_ID, JOB_EXECUTION_ID, TOPIC, PAYLOAD FROM \(table) "
                    + "WHERE EVENT_ID > ? ORDER BY EVENT_ID LIMIT ?", [.int(eventID), .int(Int64(max(0, limit)))]
            ).map { row throws(StoreError) in
                PendingOutboxEvent(
                    id: try row.int("EVENT_ID"), jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"),
                    topic: try row.text("TOPIC"), payload: try row.text("PAYLOAD"))
            }
        }
    }

    /// The highest `EVENT_ID` in the outbox (the end of the primary key), or 0 when it is empty: where a
    /// reader that wants only new events starts.
    /// - Throws: ``StoreError`` `.database`.
    public func lastOutboxEventID() async throws(StoreError) -> Int64 {
        let table = context.names.eventOutbox
        return try await context.database.transaction("lastOutboxEventID", .read) { session in
            try await session.query("SELECT MAX(EVENT_ID) AS N FROM \(table)", []).first?.intIfPresent("N") ?? 0
        }
    }
}
