import Foundation

extension BatchwireStateStore {
    /// One message (or upstream completion) an event trigger handled (`<prefix>BW_TRIGGER_FIRE`).
    public struct TriggerFire: Sendable, Hashable {
        /// The trigger's id (`<job>#trigger-<n>`).
        public var triggerID: String
        /// The message's identity; for a debounce window's run `window:<end epoch seconds>`.
        public var messageKey: String
        /// When the claiming node received it.
        public var receivedAt: Date
        /// The node that claimed it.
        public var nodeID: String
        /// The topic it came on, or the dataset.
        public var source: String
        /// The job parameters it gave, each in Spring's notation, JSON-encoded as an array (`nil`: refused).
        public var parameters: String?
        /// The end of the debounce window it belongs to.
        public var windowEnd: Date?
        /// The run it started or was folded into.
        public var jobExecutionID: Int64?
        /// `started`, `debounced`, `skipped`, `paused`, `refused`, `missing-member`, `malformed`, `failed`;
        /// `nil` while the claiming node is still deciding.
        public var outcome: String?
        /// Why, in words.
        public var reason: String?

        /// A record; `outcome` `nil` for a claim whose outcome comes later.
        public init(
            triggerID: String, messageKey: String, receivedAt: Date, nodeID: String, source: String,
            parameters: String? = nil, windowEnd: Date? = nil, jobExecutionID: Int64? = nil, outcome: String? = nil,
            reason: String? = nil
        ) {
            self.triggerID = triggerID
            self.messageKey = messageKey
            self.receivedAt = receivedAt
            self.nodeID = nodeID
            self.source = source
            self.parameters = parameters
            self.windowEnd = windowEnd
            self.jobExecutionID = jobExecutionID
            self.outcome = outcome
            self.reason = reason
        }
    }

    /// Claims one message for this node, with its outcome and events when they are already known (a refused
    /// message, a debounced one), in one transaction: exactly one caller across all nodes gets `true` for a
    /// trigger and message key. A record older than `duplicateWindow` does not count: the same content
    /// received again that much later is a new message (a sensor that publishes the same payload every hour).
    /// - Returns: whether this call claimed it (`false`: a duplicate; another node or an earlier delivery has it).
    /// - Throws: ``StoreError`` `.database`.
    public func claimTriggerFire(
        _ fire: TriggerFire, events: [OutboxEvent] = [], duplicateWindow: TimeInterval
    ) async throws(StoreError) -> Bool {
        let names = context.names
        let table = names.triggerFire
        let columns = "TRIGGER_ID, MESSAGE_KEY, RECEIVED_AT, NODE_ID, SOURCE, PARAMETERS, WINDOW_END, JOB_EXECUTION_ID, OUTCOME, REASON"
        let binds: [SQLValue] = [
            .text(fire.triggerID), .text(fire.messageKey), .instant(fire.receivedAt), .text(fire.nodeID),
            .text(String(fire.source.prefix(1024))), .optional(fire.parameters), .optional(fire.windowEnd),
            .optional(fire.jobExecutionID), .optional(fire.outcome), .optional(fire.reason.map { String($0.prefix(2500)) }),
        ]
        let insert = "INSERT INTO \(table) (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        return try await context.groups.run("claimTriggerFire") { session in
            var claimed = try await self.insertUnlessPresent(session, insert, binds)
            if !claimed {
                // An old record of the same content: replace it only if it is older than the window, and only
                // if no other node replaced it first (the DELETE matches the old instant).
                let cutoff = fire.receivedAt.addingTimeInterval(-duplicateWindow)
                let removed = try await session.execute(
                    "DELETE FROM \(table) WHERE TRIGGER_ID = ? AND MESSAGE_KEY = ? AND RECEIVED_AT < ?",
                    [.text(fire.triggerID), .text(fire.messageKey), .instant(cutoff)])
                if removed == 1 { claimed = try await self.insertUnlessPresent(session, insert, binds) }
            }
            if claimed && !events.isEmpty {
                try await OutboxWriter(names: names, session: session).append(events, executionID: nil)
            }
            return claimed
        }
    }

    /// Records what a claimed message led to, with its events, in one transaction.
    /// - Throws: ``StoreError`` `.database`.
    public func recordTriggerOutcome(
        triggerID: String, messageKey: String, outcome: String, reason: String, jobExecutionID: Int64?,
        events: [OutboxEvent]
    ) async throws(StoreError) {
        let names = context.names
        try await context.groups.run("recordTriggerOutcome") { session in
            try await session.execute(
                "UPDATE \(names.triggerFire) SET OUTCOME = ?, REASON = ?, JOB_EXECUTION_ID = ? "
                    + "WHERE TRIGGER_ID = ? AND MESSAGE_KEY = ?",
                [.text(outcome), .text(String(reason.prefix(2500))), .optional(jobExecutionID), .text(triggerID),
                 .text(messageKey)])
            try await OutboxWriter(names: names, session: session).append(events, executionID: nil)
        }
    }

    /// The messages of a debounce window, newest first (the first one's parameters make the window's run).
    /// - Throws: ``StoreError`` `.database`.
    public func debouncedTriggerFires(triggerID: String, windowEnd: Date) async throws(StoreError) -> [TriggerFire] {
        let table = context.names.triggerFire
        let rows = try await context.database.transaction("debouncedTriggerFires", .read) { session in
            try await session.query(
                "SELECT \(Self.triggerFireColumns) FROM \(table) WHERE TRIGGER_ID = ? AND WINDOW_END = ? "
                    + "AND OUTCOME = 'debounced' ORDER BY RECEIVED_AT DESC, MESSAGE_KEY DESC",
                [.text(triggerID), .instant(windowEnd)])
        }
        return try Self.triggerFireRows(rows)
    }

    /// Marks every message of a debounce window with the run that the window started.
    /// - Throws: ``StoreError`` `.database`.
    public func assignDebouncedTriggerFires(triggerID: String, windowEnd: Date, jobExecutionID: Int64) async throws(StoreError) {
        let table = context.names.triggerFire
        try await context.database.transaction("assignDebouncedTriggerFires") { session in
            try await session.execute(
                "UPDATE \(table) SET JOB_EXECUTION_ID = ? WHERE TRIGGER_ID = ? AND WINDOW_END = ? AND OUTCOME = 'debounced'",
                [.int(jobExecutionID), .text(triggerID), .instant(windowEnd)])
        }
    }

    /// A trigger's latest records, newest first.
    /// - Throws: ``StoreError`` `.database`.
    public func triggerFires(triggerID: String, limit: Int = 20) async throws(StoreError) -> [TriggerFire] {
        let table = context.names.triggerFire
        let rows = try await context.database.transaction("triggerFires", .read) { session in
            try await session.query(
                "SELECT \(Self.triggerFireColumns) FROM \(table) WHERE TRIGGER_ID = ? "
                    + "ORDER BY RECEIVED_AT DESC LIMIT ?",
                [.text(triggerID), .int(Int64(max(0, limit)))])
        }
        return try Self.triggerFireRows(rows)
    }

    /// Claims made by `nodeID` (or any node when `nil`) that have no outcome and were received before `cutoff`:
    /// messages whose node stopped between the claim and the launch.
    /// - Throws: ``StoreError`` `.database`.
    public func undecidedTriggerFires(receivedBefore cutoff: Date) async throws(StoreError) -> [TriggerFire] {
        let table = context.names.triggerFire
        let rows = try await context.database.transaction("undecidedTriggerFires", .read) { session in
            try await session.query(
                "SELECT \(Self.triggerFireColumns) FROM \(table) WHERE OUTCOME IS NULL AND RECEIVED_AT < ? "
                    + "ORDER BY RECEIVED_AT LIMIT 500",
                [.instant(cutoff)])
        }
        return try Self.triggerFireRows(rows)
    }

    /// Takes over an undecided claim from the node that made it (it stopped before deciding).
    /// - Returns: whether this node now holds it (another node may have taken it first).
    /// - Throws: ``StoreError`` `.database`.
    public func takeOverTriggerFire(_ fire: TriggerFire, nodeID: String) async throws(StoreError) -> Bool {
        let table = context.names.triggerFire
        return try await context.database.transaction("takeOverTriggerFire") { session in
            try await session.execute(
                "UPDATE \(table) SET NODE_ID = ? WHERE TRIGGER_ID = ? AND MESSAGE_KEY = ? AND NODE_ID = ? AND OUTCOME IS NULL",
                [.text(nodeID), .text(fire.triggerID), .text(fire.messageKey), .text(fire.nodeID)]) == 1
        }
    }

    /// Deletes trigger records received before `cutoff`.
    /// - Returns: how many rows were deleted.
    /// - Throws: ``StoreError`` `.database`.
    @discardableResult
    public func pruneTriggerFires(receivedBefore cutoff: Date) async throws(StoreError) -> Int {
        let table = context.names.triggerFire
        return try await context.database.transaction("pruneTriggerFires") { session in
            try await session.execute("DELETE FROM \(table) WHERE RECEIVED_AT < ? AND OUTCOME IS NOT NULL", [.instant(cutoff)])
        }
    }

    static let triggerFireColumns =
        "TRIGGER_ID, MESSAGE_KEY, RECEIVED_AT, NODE_ID, SOURCE, PARAMETERS, WINDOW_END, JOB_EXECUTION_ID, OUTCOME, REASON"

    static func triggerFireRows(_ rows: [SQLRow]) throws(StoreError) -> [TriggerFire] {
        var fires: [TriggerFire] = []
        for row in rows {
            fires.append(
                TriggerFire(
                    triggerID: try row.text("TRIGGER_ID"), messageKey: try row.text("MESSAGE_KEY"),
                    receivedAt: try row.instant("RECEIVED_AT"), nodeID: try row.text("NODE_ID"),
                    source: try row.text("SOURCE"), parameters: try row.textIfPresent("PARAMETERS"),
                    windowEnd: try row.instantIfPresent("WINDOW_END"),
                    jobExecutionID: try row.intIfPresent("JOB_EXECUTION_ID"), outcome: try row.textIfPresent("OUTCOME"),
                    reason: try row.textIfPresent("REASON")))
        }
        return fires
    }
}

extension BatchwireStateStore {
    /// Debounce windows that ended before `cutoff` (and after `since`) whose messages were never given a run:
    /// the node that was to close them stopped first. One record per window: its trigger, end and newest message.
    /// - Throws: ``StoreError`` `.database`.
    public func unclosedDebounceWindows(endedBefore cutoff: Date, since: Date) async throws(StoreError) -> [TriggerFire] {
        let table = context.names.triggerFire
        let rows = try await context.database.transaction("unclosedDebounceWindows", .read) { session in
            try await session.query(
                "SELECT \(Self.triggerFireColumns) FROM \(table) WHERE OUTCOME = 'debounced' AND JOB_EXECUTION_ID IS NULL "
                    + "AND WINDOW_END < ? AND WINDOW_END > ? ORDER BY WINDOW_END LIMIT 500",
                [.instant(cutoff), .instant(since)])
        }
        var seen: Set<String> = []
        return try Self.triggerFireRows(rows).filter { seen.insert("\($0.triggerID)@\($0.windowEnd!)").inserted }
    }
}
