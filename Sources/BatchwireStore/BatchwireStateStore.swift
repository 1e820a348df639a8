import Foundation

/// Batchwire's own state, in side tables beside Spring's: fired schedule slots (exactly-once firing),
/// the event outbox, node heartbeats, execution ownership leases, schedule pauses and MQTT command
/// idempotency keys. Times here are UTC instants (`Date`), unlike Spring's wall-clock columns.
public final class BatchwireStateStore: Sendable {
    let context: StoreContext

    init(context: StoreContext) {
        self.context = context
    }

    private var names: TableNames { context.names }
    private var database: Database { context.database }

    /// Inserts inside a transaction, reporting a duplicate key as `false` instead of an error.
    func insertUnlessPresent(_ session: any DatabaseSession, _ sql: String, _ binds: [SQLValue]) async throws -> Bool {
        do {
            try await session.execute(sql, binds)
            return true
        } catch where database.driver.classify(error) == .duplicateKey {
            return false
        }
    }

    // MARK: Fired slots

    /// Claims one firing of a schedule: exactly one caller, across all nodes, gets `true` for a given
    /// schedule and fire instant (the primary key decides).
    /// - Throws: ``StoreError`` `.database`.
    public func claimFiredSlot(scheduleID: String, fireTime: Date, nodeID: String, at now: Date = Date()) async throws(StoreError) -> Bool {
        let table = names.firedSlot
        // Grouped: the claims of a burst of due slots share one commit.
        return try await context.groups.run("claimFiredSlot") { session in
            try await self.insertUnlessPresent(
                session, "INSERT INTO \(table) (SCHEDULE_ID, FIRE_TIME, NODE_ID, CLAIMED_AT) VALUES (?, ?, ?, ?)",
                [.text(scheduleID), .instant(fireTime), .text(nodeID), .instant(now)])
        }
    }

    /// Records what a claimed slot led to: the execution it created, or why none was.
    /// - Throws: ``StoreError`` `.database`.
    public func recordFiredSlotOutcome(scheduleID: String, fireTime: Date, jobExecutionID: Int64?, outcome: String?) async throws(StoreError) {
        let table = names.firedSlot
        try await database.transaction("recordFiredSlotOutcome") { session in
            try await session.execute(
                "UPDATE \(table) SET JOB_EXECUTION_ID = ?, OUTCOME = ? WHERE SCHEDULE_ID = ? AND FIRE_TIME = ?",
                [.optional(jobExecutionID), .optional(outcome), .text(scheduleID), .instant(fireTime)])
        }
    }

    /// The latest fire instant claimed for a schedule, for misfire handling after a restart.
    /// - Throws: ``StoreError`` `.database`.
    public func lastFiredSlot(scheduleID: String) async throws(StoreError) -> Date? {
        let table = names.firedSlot
        return try await database.transaction("lastFiredSlot", .read) { session in
            try await session.query("SELECT MAX(FIRE_TIME) AS T FROM \(table) WHERE SCHEDULE_ID = ?", [.text(scheduleID)])
                .first?.instantIfPresent("T")
        }
    }

    // MARK: Outbox

    /// Appends events on their own (events about a status change belong in that change's call instead, so
    /// both commit together: the event-building overloads of ``JobRepository``).
    /// - Throws: ``StoreError`` `.database`.
    public func appendEvents(_ events: [OutboxEvent], jobExecutionID: Int64?) async throws(StoreError) {
        let names = self.names
        try await database.transaction("appendEvents", retryOnDuplicateKey: true) { session in
            try await OutboxWriter(names: names, session: session).append(events, executionID: jobExecutionID)
        }
    }

    /// Appends events on their own, built with the execution's next sequence numbers inside the transaction
    /// that writes them.
    /// - Parameters:
    ///   - jobExecutionID: the execution the events belong to; `nil` for events of no execution (one shared
    ///     numbering).
    ///   - events: builds the events; takes one number from the sequence per event, in order. It may run more
    ///     than once when the transaction is retried.
    /// - Returns: the events written.
    /// - Throws: ``StoreError`` `.database`, `.transactionConflict`, `.invalidArgument` when the builder throws
    ///   or miscounts (nothing is written).
    @discardableResult
    public func appendEvents<Event: OutboxEventConvertible>(
        jobExecutionID: Int64?, events build: (inout OutboxSequence) throws -> [Event]
    ) async throws(StoreError) -> [Event] {
        let names = self.names
        return try await database.transaction("appendEvents", retryOnDuplicateKey: true) { session in
            try await OutboxWriter(names: names, session: session).append(executionID: jobExecutionID, build)
        }
    }

    /// Undelivered events, oldest first.
    /// - Throws: ``StoreError`` `.database`.
    public func pendingEvents(limit: Int = 100) async throws(StoreError) -> [StoredOutboxEvent] {
        let table = names.eventOutbox
        return try await database.transaction("pendingEvents", .read) { session in
            try await session.query(
                "SELECT \(StoredOutboxEvent.columns) FROM \(table) "
                    + "WHERE DELIVERED_AT IS NULL ORDER BY EVENT_ID LIMIT ?", [.int(Int64(max(0, limit)))]
            ).map { row throws(StoreError) in try StoredOutboxEvent(row: row) }
        }
    }

    /// Marks events delivered.
    /// - Throws: ``StoreError`` `.database`.
    public func markDelivered(eventIDs: [Int64], at now: Date = Date()) async throws(StoreError) {
        guard !eventIDs.isEmpty else { return }
        let table = names.eventOutbox
        let placeholders = Array(repeating: "?", count: eventIDs.count).joined(separator: ", ")
        try await database.transaction("markDelivered") { session in
            try await session.execute(
                "UPDATE \(table) SET DELIVERED_AT = ? WHERE EVENT_ID IN (\(placeholders))",
                [.instant(now)] + eventIDs.map { .int($0) })
        }
    }

    // MARK: Nodes and ownership

    /// Records a node's heartbeat (inserting the node on its first one).
    /// - Throws: ``StoreError`` `.database`.
    public func heartbeat(nodeID: String, hostName: String?, at now: Date = Date()) async throws(StoreError) {
        let table = names.node
        try await database.transaction("heartbeat", retryOnDuplicateKey: true) { session in
            let changed = try await session.execute(
                "UPDATE \(table) SET HEARTBEAT_AT = ?, HOST_NAME = ? WHERE NODE_ID = ?",
                [.instant(now), .optional(hostName), .text(nodeID)])
            if changed == 0 {
                try await session.execute(
                    "INSERT INTO \(table) (NODE_ID, HOST_NAME, STARTED_AT, HEARTBEAT_AT) VALUES (?, ?, ?, ?)",
                    [.text(nodeID), .optional(hostName), .instant(now), .instant(now)])
            }
        }
    }

    /// Every node that ever sent a heartbeat.
    /// - Throws: ``StoreError`` `.database`.
    public func nodes() async throws(StoreError) -> [NodeHeartbeat] {
        let table = names.node
        return try await database.transaction("nodes", .read) { session in
            try await session.query("SELECT NODE_ID, HOST_NAME, STARTED_AT, HEARTBEAT_AT FROM \(table) ORDER BY NODE_ID", [])
                .map { row in
                    NodeHeartbeat(
                        nodeID: try row.text("NODE_ID"), hostName: try row.textIfPresent("HOST_NAME"),
                        startedAt: try row.instant("STARTED_AT"), heartbeatAt: try row.instant("HEARTBEAT_AT"))
                }
        }
    }

    /// Makes `nodeID` the owner of an execution until `leaseExpiresAt`, unless another node holds an
    /// unexpired lease on it.
    /// - Returns: whether `nodeID` now owns it.
    /// - Throws: ``StoreError`` `.database`.
    public func claimOwnership(jobExecutionID: Int64, nodeID: String, leaseExpiresAt: Date, at now: Date = Date()) async throws(StoreError) -> Bool {
        let table = names.executionOwner
        return try await database.transaction("claimOwnership", retryOnDuplicateKey: true) { session in
            let taken = try await session.execute(
                "UPDATE \(table) SET NODE_ID = ?, LEASE_EXPIRES_AT = ? WHERE JOB_EXECUTION_ID = ? AND (NODE_ID = ? OR LEASE_EXPIRES_AT < ?)",
                [.text(nodeID), .instant(leaseExpiresAt), .int(jobExecutionID), .text(nodeID), .instant(now)])
            if taken > 0 { return true }
            return try await self.insertUnlessPresent(
                session, "INSERT INTO \(table) (JOB_EXECUTION_ID, NODE_ID, LEASE_EXPIRES_AT) VALUES (?, ?, ?)",
                [.int(jobExecutionID), .text(nodeID), .instant(leaseExpiresAt)])
        }
    }

    /// Extends the leases `nodeID` holds on the executions `ids` (the ones it runs), 500 ids a statement. On
    /// MySQL a lease another transaction holds (its run is ending, or was just launched) is skipped rather than
    /// waited for. Leases of this node id that no running execution here backs (a killed predecessor's, under
    /// the same node id) are left to run out, so that recovery finds those executions.
    /// - Returns: how many leases were renewed.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func renewLeases(nodeID: String, executionIDs ids: [Int64], until leaseExpiresAt: Date) async throws(StoreError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let table = names.executionOwner
        let dialect = database.dialect
        return try await database.transaction("renewLeases") { session in
            var renewed = 0
            for start in stride(from: 0, to: ids.count, by: 500) {
                var chunk = Array(ids[start..<min(start + 500, ids.count)])
                if dialect == .mysql {
                    // Leases another transaction holds are being released (the run ends in a group commit) or
                    // were just written: neither needs renewing now, and waiting on them deadlocked with the
                    // group. The rest are locked here, and renewed.
                    let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                    chunk = try await session.query(
                        "SELECT JOB_EXECUTION_ID FROM \(table) WHERE NODE_ID = ? AND JOB_EXECUTION_ID IN (\(placeholders)) "
                            + "ORDER BY JOB_EXECUTION_ID LIMIT \(chunk.count) FOR UPDATE SKIP LOCKED",
                        [.text(nodeID)] + chunk.map { .int($0) }
                    ).map { try $0.int("JOB_EXECUTION_ID") }
                    guard !chunk.isEmpty else { continue }
                }
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                renewed += try await session.execute(
                    "UPDATE \(table) SET LEASE_EXPIRES_AT = ? WHERE NODE_ID = ? AND JOB_EXECUTION_ID IN (\(placeholders))"
                        + dialect.keyRangeSuffix(key: "JOB_EXECUTION_ID", rows: chunk.count),
                    [.instant(leaseExpiresAt), .text(nodeID)] + chunk.map { .int($0) })
            }
            return renewed
        }
    }

    /// Extends every lease `nodeID` holds.
    /// - Returns: how many leases were renewed.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func renewLeases(nodeID: String, until leaseExpiresAt: Date) async throws(StoreError) -> Int {
        let table = names.executionOwner
        return try await database.transaction("renewLeases") { session in
            try await session.execute(
                "UPDATE \(table) SET LEASE_EXPIRES_AT = ? WHERE NODE_ID = ?", [.instant(leaseExpiresAt), .text(nodeID)])
        }
    }

    /// Gives up ownership of a finished execution.
    /// - Throws: ``StoreError`` `.database`.
    public func releaseOwnership(jobExecutionID: Int64) async throws(StoreError) {
        let table = names.executionOwner
        try await database.transaction("releaseOwnership") { session in
            try await session.execute("DELETE FROM \(table) WHERE JOB_EXECUTION_ID = ?", [.int(jobExecutionID)])
        }
    }

    /// Ownerships whose lease ran out before `now`: candidates for recovery (claim them first with
    /// ``claimOwnership(jobExecutionID:nodeID:leaseExpiresAt:at:)`` so only one node recovers each).
    /// - Throws: ``StoreError`` `.database`.
    public func expiredOwnerships(at now: Date = Date()) async throws(StoreError) -> [ExecutionOwnership] {
        let table = names.executionOwner
        return try await database.transaction("expiredOwnerships", .read) { session in
            try await session.query(
                "SELECT JOB_EXECUTION_ID, NODE_ID, LEASE_EXPIRES_AT FROM \(table) WHERE LEASE_EXPIRES_AT < ? "
                    + "ORDER BY JOB_EXECUTION_ID", [.instant(now)]
            ).map { row in
                ExecutionOwnership(
                    jobExecutionID: try row.int("JOB_EXECUTION_ID"), nodeID: try row.text("NODE_ID"),
                    leaseExpiresAt: try row.instant("LEASE_EXPIRES_AT"))
            }
        }
    }

    // MARK: Schedule pauses

    /// Pauses or resumes a schedule.
    /// - Throws: ``StoreError`` `.database`.
    public func setSchedulePaused(scheduleID: String, paused: Bool, reason: String?, changedBy: String?, at now: Date = Date()) async throws(StoreError) {
        let table = names.scheduleState
        let binds: [SQLValue] = [.text(paused ? "Y" : "N"), .optional(reason), .instant(now), .optional(changedBy)]
        try await database.transaction("setSchedulePaused", retryOnDuplicateKey: true) { session in
            let changed = try await session.execute(
                "UPDATE \(table) SET PAUSED = ?, REASON = ?, CHANGED_AT = ?, CHANGED_BY = ? WHERE SCHEDULE_ID = ?",
                binds + [.text(scheduleID)])
            if changed == 0 {
                try await session.execute(
                    "INSERT INTO \(table) (PAUSED, REASON, CHANGED_AT, CHANGED_BY, SCHEDULE_ID) VALUES (?, ?, ?, ?, ?)",
                    binds + [.text(scheduleID)])
            }
        }
    }

    /// Every schedule whose pause state was ever set.
    /// - Throws: ``StoreError`` `.database`.
    public func scheduleStates() async throws(StoreError) -> [ScheduleState] {
        let table = names.scheduleState
        return try await database.transaction("scheduleStates", .read) { session in
            try await session.query(
                "SELECT SCHEDULE_ID, PAUSED, REASON, CHANGED_AT, CHANGED_BY FROM \(table) ORDER BY SCHEDULE_ID", []
            ).map { row in
                ScheduleState(
                    scheduleID: try row.text("SCHEDULE_ID"), isPaused: try row.text("PAUSED") == "Y",
                    reason: try row.textIfPresent("REASON"), changedAt: try row.instant("CHANGED_AT"),
                    changedBy: try row.textIfPresent("CHANGED_BY"))
            }
        }
    }

    // MARK: Command idempotency

    /// Claims an MQTT command's idempotency key: the first caller gets `.claimed`, later ones the stored result.
    /// - Throws: ``StoreError`` `.database`.
    public func claimCommand(key: String, at now: Date = Date()) async throws(StoreError) -> CommandClaim {
        let table = names.commandKey
        return try await database.transaction("claimCommand") { session in
            if try await self.insertUnlessPresent(
                session, "INSERT INTO \(table) (IDEMPOTENCY_KEY, CREATED_AT) VALUES (?, ?)", [.text(key), .instant(now)])
            {
                return .claimed
            }
            let rows = try await session.query("SELECT RESULT FROM \(table) WHERE IDEMPOTENCY_KEY = ?", [.text(key)])
            return .duplicate(result: try rows.first?.textIfPresent("RESULT"))
        }
    }

    /// Stores the result of a claimed command, for replies to its duplicates.
    /// - Throws: ``StoreError`` `.database`.
    public func recordCommandResult(key: String, result: String) async throws(StoreError) {
        let table = names.commandKey
        try await database.transaction("recordCommandResult") { session in
            try await session.execute("UPDATE \(table) SET RESULT = ? WHERE IDEMPOTENCY_KEY = ?", [.text(result), .text(key)])
        }
    }
}
