import Foundation

/// An event to publish, written to Batchwire's outbox (`<prefix>BW_EVENT_OUTBOX`) in the same transaction
/// as the status change it reports, so a broker outage delays events but never loses them.
public struct OutboxEvent: Sendable, Hashable {
    /// The MQTT topic.
    public var topic: String
    /// The payload (JSON).
    public var payload: String
    /// When the event was made (UTC instant).
    public var createdAt: Date

    /// An event.
    public init(topic: String, payload: String, createdAt: Date = Date()) {
        self.topic = topic
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// A stored outbox event.
public struct StoredOutboxEvent: Sendable, Hashable {
    /// `EVENT_ID`: increasing in insertion order.
    public let id: Int64
    /// `JOB_EXECUTION_ID`, when the event concerns an execution.
    public let jobExecutionID: Int64?
    /// `SEQUENCE_NUMBER`: 1, 2, … per execution (0-based sequence for events without an execution).
    public let sequenceNumber: Int64
    /// The event.
    public let event: OutboxEvent
    /// When it was marked delivered, if it was.
    public let deliveredAt: Date?
}

/// Appends outbox rows inside a caller's transaction.
struct OutboxWriter {
    let names: TableNames
    let session: any DatabaseSession

    /// Appends `events` for `executionID`, numbering them after the execution's last event.
    func append(_ events: [OutboxEvent], executionID: Int64?) async throws {
        guard !events.isEmpty else { return }
        let condition = executionID == nil ? "JOB_EXECUTION_ID IS NULL" : "JOB_EXECUTION_ID = ?"
        let rows = try await session.query(
            "SELECT MAX(SEQUENCE_NUMBER) AS N FROM \(names.eventOutbox) WHERE \(condition)",
            executionID.map { [.int($0)] } ?? [])
        var sequence = try rows.first?.intIfPresent("N") ?? 0
        for event in events {
            sequence += 1
            try await session.execute(
                "INSERT INTO \(names.eventOutbox) (JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT) "
                    + "VALUES (?, ?, ?, ?, ?)",
                [.optional(executionID), .int(sequence), .text(event.topic), .text(event.payload), .instant(event.createdAt)])
        }
    }
}
