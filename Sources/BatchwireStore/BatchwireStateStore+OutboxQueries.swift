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

/// An outbox event as the relay (and the other readers of the outbox) read it: what it publishes, how it
/// orders it and what it routes it by, without the timestamps (parsing those was a measurable share of the
/// relay's CPU).
public struct PendingOutboxEvent: Sendable, Hashable {
    /// `EVENT_ID`: increasing in insertion order.
    public let id: Int64
    /// `JOB_EXECUTION_ID`, when the event concerns an execution.
    public let jobExecutionID: Int64?
    /// The MQTT topic.
    public let topic: String
    /// The payload (JSON).
    public let payload: String
    /// What it is routed by: the `JOB_NAME`, `EVENT_TYPE` and `STATUS` columns (for a row written before they
    /// existed, read from the payload: ``OutboxRouting/init(legacyPayload:)``); `nil` when the payload is not a
    /// Batchwire event.
    public let routing: OutboxRouting?

    /// A pending event (tests and fakes; the store reads them with
    /// ``BatchwireStateStore/eventsToPublish(after:limit:)``).
    public init(id: Int64, jobExecutionID: Int64?, topic: String, payload: String, routing: OutboxRouting?) {
        self.id = id
        self.jobExecutionID = jobExecutionID
        self.topic = topic
        self.payload = payload
        self.routing = routing
    }

    /// The columns ``init(row:)`` reads.
    static let columns = "EVENT_ID, JOB_EXECUTION_ID, TOPIC, PAYLOAD, JOB_NAME, EVENT_TYPE, STATUS"

    /// An event from a row of ``columns``.
    init(row: SQLRow) throws(StoreError) {
        let payload = try row.text("PAYLOAD")
        self.init(
            id: try row.int("EVENT_ID"), jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"),
            topic: try row.text("TOPIC"), payload: payload, routing: try OutboxRouting(row: row, payload: payload))
    }
}

extension BatchwireStateStore {
    /// Undelivered events, oldest first, as the relay publishes them: all of them, or those after `eventID`
    /// (the next batch while the events up to `eventID` are still being published). An event committed later
    /// with a smaller id is not among the latter; read from the start now and then so it is not left behind.
    ///
    /// - Parameters:
    ///   - eventID: the last `EVENT_ID` already read, or `nil` for the oldest pending events.
    ///   - limit: at most this many.
    /// - Throws: ``StoreError`` `.database`.
    public func eventsToPublish(after eventID: Int64? = nil, limit: Int) async throws(StoreError) -> [PendingOutboxEvent] {
        let table = context.names.eventOutbox
        let after = eventID == nil ? "" : "AND EVENT_ID > ? "
        let binds: [SQLValue] = (eventID.map { [.int($0)] } ?? []) + [.int(Int64(max(0, limit)))]
        return try await context.database.transaction("eventsToPublish", .read) { session in
            try await session.query(
                "SELECT \(PendingOutboxEvent.columns) FROM \(table) "
                    + "WHERE DELIVERED_AT IS NULL \(after)ORDER BY EVENT_ID LIMIT ?", binds
            ).map { row throws(StoreError) in try PendingOutboxEvent(row: row) }
        }
    }
}
