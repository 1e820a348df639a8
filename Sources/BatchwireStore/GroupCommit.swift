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
        let body: Body
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue: Sendable {
        var pending: [Unit] = []
        var groupsInFlight = 0
    }

    private let database: Database
    /// How many groups may be written at the same time.
    let maxGroupsInFlight: Int
    /// How many units one transaction carries at most.
    let maxUnitsPerGroup: Int
    private let queue = Mutex(Queue())

    init(database: Database, maxGroupsInFlight: Int, maxUnitsPerGroup: Int = 256) {
        self.database = database
        self.maxGroupsInFlight = max(1, maxGroupsInFlight)
        self.maxUnitsPerGroup = max(1, maxUnitsPerGroup)
    }

    /// Runs `body` in the next group's transaction and returns its result once that transaction committed.
    /// - Parameters:
    ///   - operation: a short name for errors and logs.
    ///   - sequenceValues: how many values of each Spring sequence table the body may take (at most): the
    ///     group reserves them for all its units with one statement per table.
    ///   - body: the unit's writes.
    /// - Throws: ``StoreError``: the body's own, or the group's (`.transactionConflict`, `.database`).
    func run<T: Sendable>(
        _ operation: String, sequenceValues: [String: Int] = [:],
        _ body: @escaping @Sendable (any DatabaseSession) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            let result = try await withCheckedThrowingContinuation { continuation in
                let unit = Unit(
                    operation: operation, sequenceValues: sequenceValues, body: { session in try await body(session) },
                    continuation: continuation)
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
            do {
                // READ COMMITTED on MySQL: a lookup of a missing instance takes no gap lock, so two groups
                // inserting new instances never deadlock on the gap.
                let results = try await database.transaction(operation, .lockingWrite, retryOnDuplicateKey: true) {
                    plain in
                    refusal.withLock { $0 = nil }
                    let session = try await GroupedSession.reserving(needed, in: plain, driver: database.driver)
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

/// The session of a grouped transaction: the statements go to the transaction's connection, and sequence
/// values come from the blocks reserved for the whole group (one statement per sequence table per group
/// instead of one per value; values a unit did not take are gaps, as Spring's sequences allow).
final class GroupedSession: DatabaseSession, Sendable {
    private let session: any DatabaseSession
    private let blocks: Mutex<[String: ClosedRange<Int64>]>

    private init(session: any DatabaseSession, blocks: [String: ClosedRange<Int64>]) {
        self.session = session
        self.blocks = Mutex(blocks)
    }

    /// Reserves `counts` values of each sequence table and wraps `session`.
    static func reserving(
        _ counts: [String: Int], in session: any DatabaseSession, driver: any DatabaseDriver
    ) async throws -> GroupedSession {
        var blocks: [String: ClosedRange<Int64>] = [:]
        for (table, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
            let last = try await driver.nextValues(of: table, count: count, in: session)
            blocks[table] = (last - Int64(count) + 1)...last
        }
        return GroupedSession(session: session, blocks: blocks)
    }

    /// The next reserved value of `sequenceTable`; `nil` when none is left.
    func take(from sequenceTable: String) -> Int64? {
        blocks.withLock { blocks in
            guard let block = blocks[sequenceTable], !block.isEmpty else { return nil }
            let value = block.lowerBound
            blocks[sequenceTable] = value == block.upperBound ? nil : (value + 1)...block.upperBound
            return value
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await session.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await session.query(sql, binds)
    }
}
