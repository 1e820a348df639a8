import BatchwireCore
import Synchronization

/// The session of a grouped transaction: the statements go to the transaction's connection; sequence
/// values come from the blocks reserved for the whole group (one statement per sequence table per group
/// instead of one per value; values a unit did not take are gaps, as Spring's sequences allow); the outbox
/// numbers of the executions the units write events for are read with one query; and new rows are written
/// at the group's end with one statement per kind (``DeferredWrites``).
final class GroupedSession: DatabaseSession, Sendable {
    private struct State: Sendable {
        var blocks: [String: ClosedRange<Int64>]
        var lastEventNumbers: [Int64: Int64]
        /// The last number of the shared numbering (events without an execution), once a unit read it.
        var lastSharedEventNumber: Int64?
        var deferred = DeferredWrites()
        var updates = DeferredUpdates()
        /// A batched update matched fewer rows than it carried (``DeferredUpdateConflict``).
        var hadUpdateConflict = false
        /// The jobs whose newest running execution the units ask for, and once read (at the first ask, after the
        /// group's pending updates are written), the answers.
        var runningJobs: Set<String>
        var newestRunning: [String: Int64]?
        /// The executions this group's units created, by job (not in the table before the group's end).
        var createdRunning: [String: Int64] = [:]
        /// The instances (job name and JOB_KEY) a unit of this group launches.
        var launchedInstances: Set<[String]> = []
        /// The instances the units said they look up, and once read (at the first lookup), those that exist.
        var instanceKeys: Set<InstanceKey>
        var instances: [InstanceKey: JobInstance]?
    }

    private let session: any DatabaseSession
    private let state: Mutex<State>
    /// Whether versioned row updates are batched (``DeferredUpdates``); `false` writes each at once, which
    /// tells which unit a conflicting update belongs to.
    let batchesUpdates: Bool
    private let dialect: SQLDialect

    private init(
        session: any DatabaseSession, blocks: [String: ClosedRange<Int64>], lastEventNumbers: [Int64: Int64],
        batchesUpdates: Bool, dialect: SQLDialect, runningJobs: Set<String>, instanceKeys: Set<InstanceKey>
    ) {
        self.session = session
        self.dialect = dialect
        self.state = Mutex(
            State(
                blocks: blocks, lastEventNumbers: lastEventNumbers, runningJobs: runningJobs,
                instanceKeys: instanceKeys))
        self.batchesUpdates = batchesUpdates
    }

    /// Reserves `counts` values of each sequence table, reads the last outbox number of each execution in
    /// `outboxExecutions` (one query), and wraps `session`.
    static func reserving(
        _ counts: [String: Int], outboxExecutions: Set<Int64>, outboxTable: String?, in session: any DatabaseSession,
        driver: any DatabaseDriver, batchesUpdates: Bool = true, runningJobs: Set<String> = [],
        instanceKeys: Set<InstanceKey> = []
    ) async throws -> GroupedSession {
        var blocks: [String: ClosedRange<Int64>] = [:]
        for (table, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
            let last = try await driver.nextValues(of: table, count: count, in: session)
            blocks[table] = (last - Int64(count) + 1)...last
        }
        var numbers: [Int64: Int64] = [:]
        if let outboxTable, !outboxExecutions.isEmpty {
            let ids = outboxExecutions.sorted()
            for id in ids { numbers[id] = 0 }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            for row in try await session.query(
                "SELECT JOB_EXECUTION_ID, MAX(SEQUENCE_NUMBER) AS N FROM \(outboxTable) WHERE JOB_EXECUTION_ID IN "
                    + "(\(placeholders)) GROUP BY JOB_EXECUTION_ID", ids.map { .int($0) })
            {
                numbers[try row.int("JOB_EXECUTION_ID")] = try row.intIfPresent("N") ?? 0
            }
        }
        return GroupedSession(session: session, blocks: blocks, lastEventNumbers: numbers, batchesUpdates: batchesUpdates,
            dialect: driver.dialect, runningJobs: runningJobs, instanceKeys: instanceKeys)
    }

    /// The next reserved value of `sequenceTable`; `nil` when none is left.
    func take(from sequenceTable: String) -> Int64? {
        state.withLock { state in
            guard let block = state.blocks[sequenceTable], !block.isEmpty else { return nil }
            let value = block.lowerBound
            state.blocks[sequenceTable] = value == block.upperBound ? nil : (value + 1)...block.upperBound
            return value
        }
    }

    /// The last outbox number of `executionID` as this group knows it (read at its start, or advanced by its
    /// units); `nil` when the group did not read it.
    func lastEventNumber(of executionID: Int64) -> Int64? {
        state.withLock { $0.lastEventNumbers[executionID] }
    }

    /// Records that the group's outbox rows for `executionID` now end at `number`.
    func setLastEventNumber(_ number: Int64, of executionID: Int64) {
        state.withLock { $0.lastEventNumbers[executionID] = number }
    }

    /// The last number of the shared numbering (events without an execution) as this group knows it: read by
    /// its first unit that appends such an event, then advanced by the units. `nil` until read.
    func lastSharedEventNumber() -> Int64? {
        state.withLock { $0.lastSharedEventNumber }
    }

    /// Records that the group's shared-numbering outbox rows now end at `number`.
    func setLastSharedEventNumber(_ number: Int64) {
        state.withLock { $0.lastSharedEventNumber = number }
    }

    /// The newest execution of `jobName` that is STARTING, STARTED or STOPPING, as the group sees it: one its
    /// units created, else as read for every job the group's units named
    /// (``GroupCommit/run(_:sequenceValues:outboxExecutions:runningJobs:early:_:)``) with one query at the
    /// first ask. A job the units did not name is read on its own.
    func newestRunningExecution(ofJob jobName: String, jobExecutionTable: String, jobInstanceTable: String)
        async throws -> Int64?
    {
        let (known, names) = state.withLock { state -> ([String: Int64]?, [String]) in
            if let created = state.createdRunning[jobName] { return ([jobName: created], []) }
            if let known = state.newestRunning, state.runningJobs.contains(jobName) { return (known, []) }
            var names = state.newestRunning == nil ? state.runningJobs : []
            names.insert(jobName)
            return (nil, names.sorted())
        }
        if let known { return known[jobName] }
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let rows = try await query(
            "SELECT I.JOB_NAME, MAX(E.JOB_EXECUTION_ID) AS ID FROM \(jobExecutionTable) E JOIN \(jobInstanceTable) I "
                + "ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME IN (\(placeholders)) "
                + "AND E.STATUS IN ('STARTING', 'STARTED', 'STOPPING') GROUP BY I.JOB_NAME",
            names.map { .text($0) })
        var found: [String: Int64] = [:]
        for row in rows { found[try row.text("JOB_NAME")] = try row.int("ID") }
        return state.withLock { state in
            var known = state.newestRunning ?? [:]
            for name in names { known[name] = found[name] }
            state.newestRunning = known
            state.runningJobs.formUnion(names)
            return known[jobName]
        }
    }

    /// The instance `key` as read, with every instance the group's units named
    /// (``GroupCommit/run(_:sequenceValues:outboxExecutions:runningJobs:instanceKeys:early:_:)``), by one call of
    /// `read` at the first lookup; `named` is `false` (and nothing is read) for an instance the units did not name.
    ///
    /// A group launches each instance at most once (``noteLaunch(jobName:jobKey:)``), so no unit creates an
    /// instance a later unit looks up: what was read stays true for the group.
    func namedInstance(
        _ key: InstanceKey, read: @Sendable ([InstanceKey]) async throws -> [InstanceKey: JobInstance]
    ) async throws -> (named: Bool, instance: JobInstance?) {
        let (named, known) = state.withLock { ($0.instanceKeys.contains(key), $0.instances) }
        guard named else { return (false, nil) }
        if let known { return (true, known[key]) }
        let keys = state.withLock { $0.instanceKeys }.sorted { ($0.jobName, $0.jobKey) < ($1.jobName, $1.jobKey) }
        let found = try await read(keys)
        state.withLock { $0.instances = found }
        return (true, found[key])
    }

    /// Notes that a unit of this group created `executionID` for `jobName`: it runs, for later units' asks.
    func noteRunning(jobName: String, executionID: Int64) {
        state.withLock { state in
            state.createdRunning[jobName] = max(executionID, state.createdRunning[jobName] ?? 0)
        }
    }

    /// Notes that a unit launches the instance; `false` when another unit of this group already does (its
    /// execution is STARTING, so this launch is refused as Spring refuses a launch of a running instance).
    func noteLaunch(jobName: String, jobKey: String) -> Bool {
        state.withLock { $0.launchedInstances.insert([jobName, jobKey]).inserted }
    }

    /// Adds a row to insert into `table` at the end of the group.
    func deferInsert(_ kind: DeferredWrites.Kind, into table: String, _ columns: [String], _ row: [SQLValue]) {
        state.withLock { $0.deferred.addInsert(kind, into: table, columns, row) }
    }

    /// Adds a row to write at the end of the group.
    func `defer`(_ kind: DeferredWrites.Kind, _ row: [SQLValue], statement: @escaping @Sendable (Int) -> String) {
        state.withLock { $0.deferred.add(kind, row, statement: statement) }
    }

    /// Updates a versioned row (`VERSION` is one of `columns`): with the group's other updates of its table
    /// at the next statement or the end of the group, or at once when this group writes row by row.
    /// - Returns: `false` when the row was not deferred (the caller writes it now).
    func deferUpdate(
        table: String, idColumn: String, columns: [String], id: Int64, expectedVersion: Int64, values: [SQLValue]
    ) async throws -> Bool {
        guard batchesUpdates else { return false }
        if state.withLock({ $0.updates.contains(table: table, id: id) }) {
            // A second update of one row in one group waits for the first to be written.
            try await flushUpdates()
        }
        state.withLock {
            $0.updates.add(
                table: table, idColumn: idColumn, columns: columns, id: id, expectedVersion: expectedVersion,
                values: values)
        }
        return true
    }

    /// Writes the pending versioned updates.
    private func flushUpdates() async throws {
        let updates = state.withLock { state -> DeferredUpdates in
            defer { state.updates = DeferredUpdates() }
            return state.updates
        }
        guard !updates.isEmpty else { return }
        do {
            try await updates.flush(to: session, dialect: dialect)
        } catch let conflict as DeferredUpdateConflict {
            state.withLock { $0.hadUpdateConflict = true }
            throw conflict
        }
    }

    /// Whether a batched update of this group matched fewer rows than it carried: whichever unit's statement
    /// then failed, the group must be written again row by row to learn which unit the conflict is for.
    var hadUpdateConflict: Bool { state.withLock { $0.hadUpdateConflict } }

    /// Writes the deferred updates and rows (before the commit).
    func flush() async throws {
        try await flushUpdates()
        let deferred = state.withLock { $0.deferred }
        try await deferred.flush(to: session)
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await flushUpdates()
        return try await session.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await flushUpdates()
        return try await session.query(sql, binds)
    }
}

/// A job instance's identity: `JOB_NAME` and `JOB_KEY`.
struct InstanceKey: Hashable, Sendable {
    let jobName: String
    let jobKey: String
}
