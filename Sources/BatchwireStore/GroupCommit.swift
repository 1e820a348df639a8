import Synchronization

/// Commits many small units of work together: units handed in while a transaction is being written wait
/// and go into the next one, so a burst of run transitions pays one commit (one fsync) per group instead
/// of one per unit, while a lone unit starts at once and waits for nothing.
///
/// Each unit is the body of what would otherwise be its own transaction. The units of a group run one
/// after another on one connection inside one transaction; each keeps its own result. When a unit throws a
/// ``StoreError`` of its own (a launch refused by Spring's rules, a stale version), the group is rolled back,
/// that unit gets its error and the others run again in a new transaction without it, so one refusal never
/// costs another unit its write. Deadlocks, busy errors and duplicate keys retry the whole group (the bodies
/// must be safe to run again, as every transaction body is). A group that still fails gives every unit the
/// error.
///
/// At most ``maxGroupsInFlight`` groups are written at once (one building while another commits), each of
/// at most ``maxUnitsPerGroup`` units.
final class GroupCommit: Sendable {
    typealias Body = @Sendable (any DatabaseSession) async throws -> any Sendable

    private struct Unit: Sendable {
        let operation: String
        /// The sequence values the body may take, by sequence table (an upper bound).
        let sequenceValues: [String: Int]
        /// The executions the body appends outbox events for (their last numbers are read once per group).
        let outboxExecutions: [Int64]
        let body: Body
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue: Sendable {
        var pending: [Unit] = []
        var groupsInFlight = 0
    }

    private let database: Database
    /// The outbox table, whose last numbers per execution a group reads at its start.
    private let outboxTable: String
    /// How many groups may be written at the same time.
    let maxGroupsInFlight: Int
    /// How many units one transaction carries at most.
    let maxUnitsPerGroup: Int
    private let queue = Mutex(Queue())

    init(database: Database, outboxTable: String, maxGroupsInFlight: Int, maxUnitsPerGroup: Int = 256) {
        self.database = database
        self.outboxTable = outboxTable
        self.maxGroupsInFlight = max(1, maxGroupsInFlight)
        self.maxUnitsPerGroup = max(1, maxUnitsPerGroup)
    }

    /// Runs `body` in the next group's transaction and returns its result once that transaction committed.
    /// - Parameters:
    ///   - operation: a short name for errors and logs.
    ///   - sequenceValues: how many values of each Spring sequence table the body may take (at most): the
    ///     group reserves them for all its units with one statement per table.
    ///   - outboxExecutions: the existing executions the body appends outbox events for: the group reads their
    ///     last event numbers with one query.
    ///   - body: the unit's writes.
    /// - Throws: ``StoreError``: the body's own, or the group's (`.transactionConflict`, `.database`).
    func run<T: Sendable>(
        _ operation: String, sequenceValues: [String: Int] = [:], outboxExecutions: [Int64] = [],
        _ body: @escaping @Sendable (any DatabaseSession) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            let result = try await withCheckedThrowingContinuation { continuation in
                let unit = Unit(
                    operation: operation, sequenceValues: sequenceValues, outboxExecutions: outboxExecutions,
                    body: { session in try await body(session) }, continuation: continuation)
                let start = queue.withLock { queue -> Bool in
                    queue.pending.append(unit)
                    guard queue.groupsInFlight < maxGroupsInFlight else { return false }
                    queue.groupsInFlight += 1
                    return true
                }
                if start { Task { await self.drain() } }
            }
            guard let typed = result as? T else {
                throw StoreError(.invalidArgument, "\(operation): the group commit returned a result of the wrong type")
            }
            return typed
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "\(operation) failed in the database; see the cause", underlying: error)
        }
    }

    /// Writes groups until nothing is pending.
    private func drain() async {
        while let group = nextGroup() {
            await write(group)
        }
    }

    private func nextGroup() -> [Unit]? {
        queue.withLock { queue in
            guard !queue.pending.isEmpty else {
                queue.groupsInFlight -= 1
                return nil
            }
            let count = min(queue.pending.count, maxUnitsPerGroup)
            let group = Array(queue.pending.prefix(count))
            queue.pending.removeFirst(count)
            return group
        }
    }

    /// Commits `group`, dropping (and answering) each unit that refuses, until the rest commits.
    private func write(_ group: [Unit]) async {
        var remaining = group
        while !remaining.isEmpty {
            let units = remaining
            let operation = units.count == 1 ? units[0].operation : "\(units.count) grouped writes"
            let refusal = Mutex<(index: Int, error: StoreError)?>(nil)
            let needed = units.reduce(into: [String: Int]()) { total, unit in
                total.merge(unit.sequenceValues, uniquingKeysWith: +)
            }
            let outboxExecutions = Set(units.flatMap(\.outboxExecutions))
            let outboxTable = self.outboxTable
            do {
                // READ COMMITTED on MySQL: a lookup of a missing instance takes no gap lock, so two groups
                // inserting new instances never deadlock on the gap.
                let results = try await database.transaction(operation, .lockingWrite, retryOnDuplicateKey: true) {
                    plain in
                    refusal.withLock { $0 = nil }
                    let session = try await GroupedSession.reserving(
                        needed, outboxExecutions: outboxExecutions, outboxTable: outboxTable, in: plain,
                        driver: database.driver)
                    var results: [any Sendable] = []
                    results.reserveCapacity(units.count)
                    for (index, unit) in units.enumerated() {
                        do {
                            results.append(try await unit.body(session))
                        } catch let error as StoreError {
                            refusal.withLock { $0 = (index, error) }
                            throw error
                        }
                    }
                    try await session.flush()
                    return results
                }
                for (unit, result) in zip(units, results) { unit.continuation.resume(returning: result) }
                return
            } catch {
                if let (index, unitError) = refusal.withLock({ $0 }) {
                    units[index].continuation.resume(throwing: unitError)
                    remaining.remove(at: index)
                    continue
                }
                for unit in units { unit.continuation.resume(throwing: error) }
                return
            }
        }
    }
}

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
        /// The instances (job name and JOB_KEY) a unit of this group launches.
        var launchedInstances: Set<[String]> = []
    }

    private let session: any DatabaseSession
    private let state: Mutex<State>

    private init(session: any DatabaseSession, blocks: [String: ClosedRange<Int64>], lastEventNumbers: [Int64: Int64]) {
        self.session = session
        self.state = Mutex(State(blocks: blocks, lastEventNumbers: lastEventNumbers))
    }

    /// Reserves `counts` values of each sequence table, reads the last outbox number of each execution in
    /// `outboxExecutions` (one query), and wraps `session`.
    static func reserving(
        _ counts: [String: Int], outboxExecutions: Set<Int64>, outboxTable: String?, in session: any DatabaseSession,
        driver: any DatabaseDriver
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
        return GroupedSession(session: session, blocks: blocks, lastEventNumbers: numbers)
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

    /// Notes that a unit launches the instance; `false` when another unit of this group already does (its
    /// execution is STARTING, so this launch is refused as Spring refuses a launch of a running instance).
    func noteLaunch(jobName: String, jobKey: String) -> Bool {
        state.withLock { $0.launchedInstances.insert([jobName, jobKey]).inserted }
    }

    /// Adds a row to write at the end of the group.
    func `defer`(_ kind: DeferredWrites.Kind, _ row: [SQLValue], statement: @escaping @Sendable (Int) -> String) {
        state.withLock { $0.deferred.add(kind, row, statement: statement) }
    }

    /// Writes the deferred rows (before the commit).
    func flush() async throws {
        let deferred = state.withLock { $0.deferred }
        try await deferred.flush(to: session)
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await session.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await session.query(sql, binds)
    }
}
