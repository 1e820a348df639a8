import Foundation

extension BatchwireStateStore {
    /// Outbox events by increasing `EVENT_ID` after `eventID`, delivered or not: what a reader that follows
    /// every node's events reads (the dashboard's event streams; dataset triggers, on their upstream jobs'
    /// topics), one primary-key range a call. An event committed after a later-numbered one (concurrent
    /// transactions) is not among them once `eventID` passed its id; re-read a few ids back if that matters.
    ///
    /// - Parameters:
    ///   - eventID: the last `EVENT_ID` already read (0 for all).
    ///   - topics: only events on these topics (none when empty); `nil` for every topic.
    ///   - limit: at most this many.
    /// - Throws: ``StoreError`` `.database`.
    public func outboxEvents(after eventID: Int64, topics: [String]? = nil, limit: Int) async throws(StoreError)
        -> [PendingOutboxEvent]
    {
        if topics?.isEmpty == true { return [] }
        let table = context.names.eventOutbox
        let onTopics = topics.map { " AND TOPIC IN (" + Array(repeating: "?", count: $0.count).joined(separator: ", ") + ")" } ?? ""
        let binds: [SQLValue] = [.int(eventID)] + (topics ?? []).map { .text($0) } + [.int(Int64(max(0, limit)))]
        return try await context.database.transaction("outboxEventsAfter", .read) { session in
            try await session.query(
                "SELECT \(PendingOutboxEvent.columns) FROM \(table) WHERE EVENT_ID > ?\(onTopics) ORDER BY EVENT_ID LIMIT ?",
                binds
            ).map { row throws(StoreError) in try PendingOutboxEvent(row: row) }
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

    /// Where a reader that wants the events since `instant` starts: the smallest `EVENT_ID` created at or
    /// after it, minus one, or ``lastOutboxEventID()`` when none is that new.
    /// - Throws: ``StoreError`` `.database`.
    public func outboxCursor(since instant: Date) async throws(StoreError) -> Int64 {
        let table = context.names.eventOutbox
        let first = try await context.database.transaction("outboxCursor", .read) { session in
            try await session.query("SELECT MIN(EVENT_ID) AS M FROM \(table) WHERE CREATED_AT >= ?", [.instant(instant)])
                .first?.intIfPresent("M")
        }
        if let first { return first - 1 }
        return try await lastOutboxEventID()
    }
}
