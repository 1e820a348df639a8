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
    /// What readers route it by (the `JOB_NAME`, `EVENT_TYPE` and `STATUS` columns); `nil` for a payload that
    /// is not a Batchwire event (those columns stay NULL and it is published on its topic only).
    public var routing: OutboxRouting?

    /// An event.
    ///
    /// - Parameters:
    ///   - topic: the MQTT topic.
    ///   - payload: the JSON.
    ///   - createdAt: when it was made.
    ///   - routing: the routing fields of the Batchwire event `payload` holds (``OutboxRouting/init(_:)``).
    public init(topic: String, payload: String, createdAt: Date = Date(), routing: OutboxRouting? = nil) {
        self.topic = topic
        self.payload = payload
        self.createdAt = createdAt
        self.routing = routing
    }
}

/// Something the store can write as an outbox row: an ``OutboxEvent`` itself, or a caller's richer event
/// (e.g. a typed event together with its row), which the writing call hands back once committed so the
/// caller can pass it on (to in-process listeners) without decoding the payload again.
public protocol OutboxEventConvertible: Sendable {
    /// The row to write.
    var outboxEvent: OutboxEvent { get }
}

extension OutboxEvent: OutboxEventConvertible {
    /// The event itself.
    public var outboxEvent: OutboxEvent { self }
}

/// The per-execution numbers of outbox events (`SEQUENCE_NUMBER`, 1, 2, 3 … without gaps), handed out
/// inside the transaction that writes the events, so the number in an event's payload is the number of
/// its row.
///
/// An event builder takes one number per event it returns, in order:
///
/// ```swift
/// try await repository.update(&execution) { execution, sequence in
///     [MyEvent(execution, sequence: sequence.next())]
/// }
/// ```
public struct OutboxSequence: Sendable, Hashable {
    /// The last number taken: the execution's last stored event before the builder ran, then the last
    /// one ``next()`` returned.
    public private(set) var last: Int64

    /// A sequence that continues after `last` (0 for an execution without events).
    public init(after last: Int64) {
        self.last = last
    }

    /// Takes the next number.
    public mutating func next() -> Int64 {
        last += 1
        return last
    }
}

/// A stored outbox event.
public struct StoredOutboxEvent: Sendable, Hashable {
    /// `EVENT_ID`: increasing in insertion order.
    public let id: Int64
    /// `JOB_EXECUTION_ID`, when the event concerns an execution.
    public let jobExecutionID: Int64?
    /// `SEQUENCE_NUMBER`: 1, 2, … per execution (one shared numbering for events without an execution).
    public let sequenceNumber: Int64
    /// The event.
    public let event: OutboxEvent
    /// When the relay was done with it: when it was marked delivered, or moved to the dead letters.
    public let deliveredAt: Date?
}

/// Appends outbox rows inside a caller's transaction.
struct OutboxWriter {
    let names: TableNames
    let session: any DatabaseSession

    /// Appends `events` for `executionID`, numbering them after the execution's last event.
    func append(_ events: [OutboxEvent], executionID: Int64?) async throws {
        guard !events.isEmpty else { return }
        _ = try await append(executionID: executionID) { sequence in
            for _ in events { _ = sequence.next() }
            return events
        }
    }

    /// Builds the events with the execution's next sequence numbers and appends them.
    ///
    /// - Returns: what the builder returned, in order.
    /// - Throws: ``StoreError`` `.invalidArgument` when the builder threw or took a different count of
    ///   numbers than it returned events (nothing is written: the caller's transaction rolls back);
    ///   driver errors.
    /// - Parameters:
    ///   - executionID: the execution the events belong to; `nil` for one shared numbering.
    ///   - isNewExecution: the execution was created in this transaction, so it has no event yet and its
    ///     numbering starts at 1 without a look at the table.
    ///   - build: builds the events, one sequence number each.
    func append<Event: OutboxEventConvertible>(
        executionID: Int64?, isNewExecution: Bool = false, _ build: (inout OutboxSequence) throws -> [Event]
    ) async throws -> [Event] {
        let grouped = session as? GroupedSession
        let start: Int64
        if isNewExecution && executionID != nil {
            start = 0
        } else if let executionID, let known = grouped?.lastEventNumber(of: executionID) {
            start = known
        } else if executionID == nil, let known = grouped?.lastSharedEventNumber() {
            // Events without an execution (slots skipped or missed) share one numbering: a group reads it once,
            // not once per slot.
            start = known
        } else {
            let condition = executionID == nil ? "JOB_EXECUTION_ID IS NULL" : "JOB_EXECUTION_ID = ?"
            let rows = try await session.query(
                "SELECT MAX(SEQUENCE_NUMBER) AS N FROM \(names.eventOutbox) WHERE \(condition)",
                executionID.map { [.int($0)] } ?? [])
            start = try rows.first?.intIfPresent("N") ?? 0
        }
        var sequence = OutboxSequence(after: start)
        let events: [Event]
        do {
            events = try build(&sequence)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .invalidArgument, "the outbox event builder failed, so nothing was written; see the cause",
                underlying: error)
        }
        guard sequence.last - start == Int64(events.count) else {
            throw StoreError(
                .invalidArgument,
                "the outbox event builder took \(sequence.last - start) sequence numbers for \(events.count) "
                    + "events; take exactly one (sequence.next()) per event, in order. Nothing was written")
        }
        guard !events.isEmpty else { return events }
        if let grouped {
            // Written with the group's other events at its end, in one statement.
            for (offset, event) in events.enumerated() {
                let row = event.outboxEvent
                try await grouped.insert(
                    .eventOutbox, into: names.eventOutbox,
                    ["JOB_EXECUTION_ID", "SEQUENCE_NUMBER", "TOPIC", "PAYLOAD", "CREATED_AT"] + OutboxRouting.columnNames,
                    [.optional(executionID), .int(start + 1 + Int64(offset)), .text(row.topic), .text(row.payload),
                     .instant(row.createdAt)] + OutboxRouting.binds(row.routing))
            }
            if let executionID {
                grouped.setLastEventNumber(start + Int64(events.count), of: executionID)
            } else {
                grouped.setLastSharedEventNumber(start + Int64(events.count))
            }
            return events
        }
        // One statement for the whole batch: a round trip per row is what a status change must not pay.
        let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: events.count).joined(separator: ", ")
        var binds: [SQLValue] = []
        binds.reserveCapacity(events.count * 8)
        for (offset, event) in events.enumerated() {
            let row = event.outboxEvent
            binds += [
                .optional(executionID), .int(start + 1 + Int64(offset)), .text(row.topic), .text(row.payload),
                .instant(row.createdAt),
            ] + OutboxRouting.binds(row.routing)
        }
        try await session.execute(
            "INSERT INTO \(names.eventOutbox) (JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT, "
                + "JOB_NAME, EVENT_TYPE, STATUS) VALUES \(placeholders)", binds)
        return events
    }
}

extension StoredOutboxEvent {
    /// The columns every outbox query selects, in order.
    static let columns =
        "EVENT_ID, JOB_EXECUTION_ID, SEQUENCE_NUMBER, TOPIC, PAYLOAD, CREATED_AT, DELIVERED_AT, JOB_NAME, EVENT_TYPE, STATUS"

    /// An outbox row (or a dead-letter row, which has no `DELIVERED_AT` and no routing columns) read back.
    init(row: SQLRow) throws(StoreError) {
        let payload = try row.text("PAYLOAD")
        self.init(
            id: try row.int("EVENT_ID"), jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"),
            sequenceNumber: try row.int("SEQUENCE_NUMBER"),
            event: OutboxEvent(
                topic: try row.text("TOPIC"), payload: payload, createdAt: try row.instant("CREATED_AT"),
                routing: try OutboxRouting(row: row, payload: payload)),
            deliveredAt: row.index["DELIVERED_AT"] == nil ? nil : try row.instantIfPresent("DELIVERED_AT"))
    }
}
