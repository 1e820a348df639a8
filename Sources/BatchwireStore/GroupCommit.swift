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
///
/// A unit that looks for a job's running execution (``run(_:sequenceValues:outboxExecutions:runningJobs:instanceKeys:early:_:)``
/// with `runningJobs`) never goes into a group while another group that looked for the same job is being
/// written: it waits for that group's commit and then sees its launch. Two groups written side by side
/// could otherwise both read "not running" before either commits, and `overlap: skip` would start the job
/// twice (two schedules of one job, a slot and its catch-up). Within one group, the session remembers
/// what the group's earlier units launched (``GroupedSession/noteRunning(jobName:executionID:)``).
final class GroupCommit: Sendable {
    typealias Body = @Sendable (any DatabaseSession) async throws -> any Sendable

    private struct Unit: Sendable {
        let operation: String
        /// The sequence values the body may take, by sequence table (an upper bound).
        let sequenceValues: [String: Int]
        /// The executions the body appends outbox events for (their last numbers are read once per group).
        let outboxExecutions: [Int64]
        /// The jobs whose newest running execution the body asks for (read for the whole group at once).
        let runningJobs: [String]
        /// The instances the body looks up (read for the whole group at once).
        let instanceKeys: [InstanceKey]
        /// Runs before the group's other units (see ``GroupCommit/run(_:sequenceValues:outboxExecutions:runningJobs:instanceKeys:early:_:)``).
        let early: Bool
        let body: Body
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue: Sendable {
        var pending: [Unit] = []
        var groupsInFlight = 0
        /// The jobs whose running execution a group being written looked for (``Unit/runningJobs``).
        var jobsInFlight: Set<String> = []
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
    ///   - runningJobs: the jobs whose newest running execution the body asks the session for
    ///     (``GroupedSession/newestRunningExecution(ofJob:jobExecutionTable:jobInstanceTable:)``): the group
    ///     reads them for all its units with one query.
    ///   - instanceKeys: the instances the body looks up by `JOB_NAME` and `JOB_KEY`: the group reads them for all
    ///     its units with one query (``GroupedSession/namedInstance(_:read:)``).
    ///   - early: the body only moves rows on (a step transition: versioned updates and new rows, no reads of
    ///     other runs' rows), so it runs before the group's other units: their updates are then written as one
    ///     statement per table before the first unit that reads (``DeferredUpdates``).
    ///   - body: the unit's writes.
    /// - Throws: ``StoreError``: the body's own, or the group's (`.transactionConflict`, `.database`).
    func run<T: Sendable>(
        _ operation: String, sequenceValues: [String: Int] = [:], outboxExecutions: [Int64] = [],
        runningJobs: [String] = [], instanceKeys: [InstanceKey] = [], early: Bool = false,
        _ body: @escaping @Sendable (any DatabaseSession) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            let result = try await withCheckedThrowingContinuation { continuation in
                let unit = Unit(
                    operation: operation, sequenceValues: sequenceValues, outboxExecutions: outboxExecutions,
                    runningJobs: runningJobs, instanceKeys: instanceKeys, early: early,
                    body: { session in try await body(session) },
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

    /// Writes groups until nothing is pending that may be written now.
    private func drain() async {
        var written: Set<String> = []
        while let (group, jobs) = nextGroup(releasing: written) {
            await write(group)
            written = jobs
        }
    }

    /// The next group, in arrival order, leaving pending the units whose jobs a group in flight looked for
    /// (that group's drain picks them up after `releasing` them); `nil` when none may go now.
    /// - Parameter released: the jobs of the group this drain just wrote.
    private func nextGroup(releasing released: Set<String>) -> (units: [Unit], jobs: Set<String>)? {
        queue.withLock { queue in
            queue.jobsInFlight.subtract(released)
            var group: [Unit] = []
            var jobs: Set<String> = []
            if queue.jobsInFlight.isEmpty {
                let count = min(queue.pending.count, maxUnitsPerGroup)
                group = Array(queue.pending.prefix(count))
                queue.pending.removeFirst(count)
                for unit in group { jobs.formUnion(unit.runningJobs) }
            } else {
                var held: [Unit] = []
                for unit in queue.pending {
                    if group.count < maxUnitsPerGroup, !unit.runningJobs.contains(where: queue.jobsInFlight.contains) {
                        group.append(unit)
                        jobs.formUnion(unit.runningJobs)
                    } else {
                        held.append(unit)
                    }
                }
                queue.pending = held
            }
            guard !group.isEmpty else {
                queue.groupsInFlight -= 1
                return nil
            }
            queue.jobsInFlight.formUnion(jobs)
            return (group.filter(\.early) + group.filter { !$0.early }, jobs)
        }
    }

    /// Commits `group`, dropping (and answering) each unit that refuses, until the rest commits.
    private func write(_ group: [Unit]) async {
        var remaining = group
        var batchesUpdates = true
        while !remaining.isEmpty {
            let units = remaining
            let operation = units.count == 1 ? units[0].operation : "\(units.count) grouped writes"
            let refusal = Mutex<(index: Int, error: StoreError)?>(nil)
            let attemptSession = Mutex<GroupedSession?>(nil)
            let batching = batchesUpdates
            let needed = units.reduce(into: [String: Int]()) { total, unit in
                total.merge(unit.sequenceValues, uniquingKeysWith: +)
            }
            let outboxExecutions = Set(units.flatMap(\.outboxExecutions))
            let runningJobs = Set(units.flatMap(\.runningJobs))
            let instanceKeys = Set(units.flatMap(\.instanceKeys))
            let outboxTable = self.outboxTable
            do {
                // READ COMMITTED on MySQL: a lookup of a missing instance takes no gap lock, so two groups
                // inserting new instances never deadlock on the gap.
                let results = try await database.transaction(operation, .lockingWrite, retryOnDuplicateKey: true) {
                    plain in
                    refusal.withLock { $0 = nil }
                    let session = try await GroupedSession.reserving(
                        needed, outboxExecutions: outboxExecutions, outboxTable: outboxTable, in: plain,
                        driver: database.driver, batchesUpdates: batching, runningJobs: runningJobs,
                        instanceKeys: instanceKeys)
                    attemptSession.withLock { $0 = session }
                    var results: [any Sendable] = []
                    results.reserveCapacity(units.count)
                    for (index, unit) in units.enumerated() {
                        do {
                            results.append(try await unit.body(session))
                        } catch let error as StoreError where !session.hadUpdateConflict {
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
                if batchesUpdates, attemptSession.withLock({ $0?.hadUpdateConflict ?? false }) {
                    // Written again row by row: the unit whose row another process changed gets its own error.
                    batchesUpdates = false
                    continue
                }
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
