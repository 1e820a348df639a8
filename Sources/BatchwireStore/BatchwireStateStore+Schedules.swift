import Foundation

extension BatchwireStateStore {
    /// One claimed schedule slot (`<prefix>BW_FIRED_SLOT`): who claimed it and what came of it.
    public struct FiredSlot: Sendable, Hashable {
        /// The schedule's id (`<job>#<name or position>`).
        public let scheduleID: String
        /// The nominal fire instant.
        public let fireTime: Date
        /// The node that claimed it.
        public let nodeID: String
        /// When it was claimed.
        public let claimedAt: Date
        /// The execution it started, if any.
        public let jobExecutionID: Int64?
        /// `started`, `skipped: …`, `missed: …` or `failed: …`; `nil` while the claiming node is still deciding
        /// (or died before it recorded anything).
        public let outcome: String?
    }

    /// Claims a slot that is given up without a run (missed under the misfire policy) and records its
    /// outcome and events in one transaction, so the record and its announcement exist together or not at all.
    /// - Returns: whether this call claimed it (`false`: another node already has it, and announced it).
    /// - Throws: ``StoreError`` `.database`.
    public func claimGivenUpSlot(
        scheduleID: String, fireTime: Date, nodeID: String, outcome: String, events: [OutboxEvent], at now: Date = Date()
    ) async throws(StoreError) -> Bool {
        // Batched: a node that fell behind records many missed slots at once; they share one unit of a group.
        try await context.givenUpSlots.record(
            GivenUpSlotBatch.Record(
                scheduleID: scheduleID, fireTime: fireTime, nodeID: nodeID, outcome: outcome, events: events,
                claimedAt: now))
    }

    /// Records why a slot this node claimed started no run (skipped by the overlap policy, or given up on
    /// shutdown), with its events, in one transaction.
    /// - Throws: ``StoreError`` `.database`.
    public func recordGivenUpSlot(scheduleID: String, fireTime: Date, outcome: String, events: [OutboxEvent]) async throws(StoreError) {
        let names = context.names
        // Grouped: under overload many slots are skipped at once.
        try await context.groups.run("recordGivenUpSlot") { session in
            try await session.execute(
                "UPDATE \(names.firedSlot) SET OUTCOME = ? WHERE SCHEDULE_ID = ? AND FIRE_TIME = ?",
                [.text(String(outcome.prefix(2500))), .text(scheduleID), .instant(fireTime)])
            try await OutboxWriter(names: names, session: session).append(events, executionID: nil)
        }
    }

    /// Deletes a claim that `nodeID` holds and has not decided yet (no outcome), so that another node, or this
    /// one after a restart, can claim the slot again.
    /// - Returns: whether a claim was released.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func releaseFiredSlot(scheduleID: String, fireTime: Date, nodeID: String) async throws(StoreError) -> Bool {
        let table = context.names.firedSlot
        return try await context.database.transaction("releaseFiredSlot") { session in
            try await session.execute(
                "DELETE FROM \(table) WHERE SCHEDULE_ID = ? AND FIRE_TIME = ? AND NODE_ID = ? AND OUTCOME IS NULL",
                [.text(scheduleID), .instant(fireTime), .text(nodeID)]) == 1
        }
    }

    /// Claimed slots with no outcome yet, claimed before `cutoff`, oldest first: candidates for a takeover when
    /// their node stopped between the claim and the run.
    /// - Throws: ``StoreError`` `.database`.
    public func undecidedFiredSlots(claimedBefore cutoff: Date, limit: Int = 1_000) async throws(StoreError) -> [FiredSlot] {
        let table = context.names.firedSlot
        let rows = try await context.database.transaction("undecidedFiredSlots", .read) { session in
            try await session.query(
                "SELECT \(Self.firedSlotColumns) FROM \(table) "
                    + "WHERE OUTCOME IS NULL AND CLAIMED_AT < ? ORDER BY FIRE_TIME LIMIT ?",
                [.instant(cutoff), .int(Int64(max(0, limit)))])
        }
        return try Self.firedSlots(rows)
    }

    /// Moves an undecided claim of `fromNode` (made before `claimedBefore`) to `toNode`. Of several nodes
    /// trying at once, one wins.
    /// - Returns: whether `toNode` holds the claim now.
    /// - Throws: ``StoreError`` `.database`.
    public func takeOverFiredSlot(
        scheduleID: String, fireTime: Date, fromNode: String, claimedBefore: Date, toNode: String, at now: Date = Date()
    ) async throws(StoreError) -> Bool {
        let table = context.names.firedSlot
        return try await context.database.transaction("takeOverFiredSlot") { session in
            try await session.execute(
                "UPDATE \(table) SET NODE_ID = ?, CLAIMED_AT = ? WHERE SCHEDULE_ID = ? AND FIRE_TIME = ? "
                    + "AND NODE_ID = ? AND CLAIMED_AT < ? AND OUTCOME IS NULL",
                [.text(toNode), .instant(now), .text(scheduleID), .instant(fireTime), .text(fromNode), .instant(claimedBefore)]
            ) == 1
        }
    }

    /// Whether `nodeID` still holds the claim on a slot and has not decided it (checked right before a launch,
    /// so a node that was cut off long enough for another to take its claims over does not start a second run).
    /// - Throws: ``StoreError`` `.database`.
    public func holdsUndecidedClaim(scheduleID: String, fireTime: Date, nodeID: String) async throws(StoreError) -> Bool {
        let table = context.names.firedSlot
        return try await context.database.transaction("holdsUndecidedClaim", .read) { session in
            try await session.query(
                "SELECT NODE_ID FROM \(table) WHERE SCHEDULE_ID = ? AND FIRE_TIME = ? AND NODE_ID = ? AND OUTCOME IS NULL",
                [.text(scheduleID), .instant(fireTime), .text(nodeID)]
            ).isEmpty == false
        }
    }

    /// The latest claimed slot of every schedule, in one query (what the scheduler reads at startup).
    /// - Throws: ``StoreError`` `.database`.
    public func latestFiredSlots() async throws(StoreError) -> [String: FiredSlot] {
        let table = context.names.firedSlot
        let rows = try await context.database.transaction("latestFiredSlots", .read) { session in
            try await session.query(
                "SELECT f.SCHEDULE_ID, f.FIRE_TIME, f.NODE_ID, f.CLAIMED_AT, f.JOB_EXECUTION_ID, f.OUTCOME FROM \(table) f "
                    + "JOIN (SELECT SCHEDULE_ID, MAX(FIRE_TIME) AS LATEST FROM \(table) GROUP BY SCHEDULE_ID) m "
                    + "ON f.SCHEDULE_ID = m.SCHEDULE_ID AND f.FIRE_TIME = m.LATEST", [])
        }
        var latest: [String: FiredSlot] = [:]
        for row in rows {
            let slot = try Self.firedSlot(row)
            latest[slot.scheduleID] = slot
        }
        return latest
    }

    /// A schedule's claimed slots, newest first.
    /// - Throws: ``StoreError`` `.database`.
    public func firedSlots(scheduleID: String, limit: Int = 100) async throws(StoreError) -> [FiredSlot] {
        let table = context.names.firedSlot
        let rows = try await context.database.transaction("firedSlots", .read) { session in
            try await session.query(
                "SELECT \(Self.firedSlotColumns) FROM \(table) "
                    + "WHERE SCHEDULE_ID = ? ORDER BY FIRE_TIME DESC LIMIT ?",
                [.text(scheduleID), .int(Int64(max(0, limit)))])
        }
        return try Self.firedSlots(rows)
    }

    /// The columns ``firedSlot(_:)`` reads.
    private static let firedSlotColumns = "SCHEDULE_ID, FIRE_TIME, NODE_ID, CLAIMED_AT, JOB_EXECUTION_ID, OUTCOME"

    private static func firedSlots(_ rows: [SQLRow]) throws(StoreError) -> [FiredSlot] {
        var slots: [FiredSlot] = []
        for row in rows { slots.append(try firedSlot(row)) }
        return slots
    }

    private static func firedSlot(_ row: SQLRow) throws(StoreError) -> FiredSlot {
        FiredSlot(
            scheduleID: try row.text("SCHEDULE_ID"), fireTime: try row.instant("FIRE_TIME"),
            nodeID: try row.text("NODE_ID"), claimedAt: try row.instant("CLAIMED_AT"),
            jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"), outcome: try row.textIfPresent("OUTCOME"))
    }

    /// Deletes fired slots claimed before `cutoff`, always keeping each schedule's latest (the scheduler
    /// resumes from it after a restart, so nothing is fired twice).
    /// - Returns: how many rows were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func pruneFiredSlots(claimedBefore cutoff: Date) async throws(StoreError) -> Int {
        let table = context.names.firedSlot
        let latest = try await latestFiredSlots()
        var deleted = 0
        for slot in latest.values {
            deleted += try await context.database.transaction("pruneFiredSlots") { session in
                try await session.execute(
                    "DELETE FROM \(table) WHERE SCHEDULE_ID = ? AND FIRE_TIME < ? AND CLAIMED_AT < ?",
                    [.text(slot.scheduleID), .instant(slot.fireTime), .instant(cutoff)])
            }
        }
        return deleted
    }
}
