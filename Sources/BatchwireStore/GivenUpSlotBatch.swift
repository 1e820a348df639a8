import Foundation
import Synchronization

/// Records slots that start no run (missed under their misfire policy, failed for good) many at a time, as
/// one unit of the group commit: a node that fell behind records thousands of missed slots a second, and
/// one slot per unit spent most of the database's time on them (60% of the units in a 2,000-schedule
/// overload), starving the launches.
///
/// While one batch is written the next collects; a batch takes everything pending, up to
/// ``maxSlotsPerBatch``. Inside it, one query finds which of its slots already have a row, and one multi-row
/// insert claims the others with their outcomes; the events of the claimed ones follow. A row that another
/// node inserts between the query and the insert makes the insert fail with a duplicate key: the group
/// commit then runs the whole group again, and the query finds the row. So every slot still has exactly one
/// row and one announcement, whoever wrote it.
final class GivenUpSlotBatch: Sendable {
    /// A slot to record.
    struct Record: Sendable {
        let scheduleID: String
        let fireTime: Date
        let nodeID: String
        /// `OUTCOME`, e.g. `missed: <reason>`.
        let outcome: String
        /// Written only if this record claims the slot.
        let events: [OutboxEvent]
        let claimedAt: Date
    }

    private struct Pending: Sendable {
        let record: Record
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var isWriting = false
    }

    /// The most slots one batch (one unit of a group) carries.
    static let maxSlotsPerBatch = 2_000
    /// Rows per insert statement (6 values each, well under MySQL's 65,535 placeholders).
    private static let rowsPerStatement = 500

    private let groups: GroupCommit
    private let names: TableNames
    private let state = Mutex(State())

    init(groups: GroupCommit, names: TableNames) {
        self.groups = groups
        self.names = names
    }

    /// Claims the slot with its outcome and writes its events, in the next batch.
    /// - Returns: `false` when the slot already had a row (another node, or an earlier record, decided it).
    /// - Throws: ``StoreError`` when the batch's transaction failed (nothing of it was written).
    func record(_ record: Record) async throws(StoreError) -> Bool {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let start = state.withLock { state -> Bool in
                    state.pending.append(Pending(record: record, continuation: continuation))
                    guard !state.isWriting else { return false }
                    state.isWriting = true
                    return true
                }
                if start { Task { await self.drain() } }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "recording a given-up slot failed in the database; see the cause", underlying: error)
        }
    }

    private func drain() async {
        while let batch = nextBatch() {
            let records = batch.map(\.record)
            let names = self.names
            do {
                let claimed = try await groups.run("claimGivenUpSlots") { session in
                    try await Self.write(records, names: names, in: session)
                }
                for (pending, isClaimed) in zip(batch, claimed) { pending.continuation.resume(returning: isClaimed) }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }

    private func nextBatch() -> [Pending]? {
        state.withLock { state in
            guard !state.pending.isEmpty else {
                state.isWriting = false
                return nil
            }
            let count = min(state.pending.count, Self.maxSlotsPerBatch)
            defer { state.pending.removeFirst(count) }
            return Array(state.pending.prefix(count))
        }
    }

    /// A slot's identity, to the millisecond (what a fire time carries).
    private struct SlotKey: Hashable {
        let scheduleID: String
        let millis: Int64

        init(_ scheduleID: String, _ time: Date) {
            self.scheduleID = scheduleID
            self.millis = Int64((time.timeIntervalSince1970 * 1000).rounded())
        }
    }

    /// Claims the records' slots that have no row yet, in order (the first record of a slot wins), and writes
    /// their events. - Returns: per record, whether it claimed its slot.
    static func write(_ records: [Record], names: TableNames, in session: any DatabaseSession) async throws -> [Bool] {
        var taken = try await existingSlots(of: records, names: names, in: session)
        var claimed: [Bool] = []
        var rows: [[SQLValue]] = []
        var events: [OutboxEvent] = []
        for record in records {
            let isNew = taken.insert(SlotKey(record.scheduleID, record.fireTime)).inserted
            claimed.append(isNew)
            guard isNew else { continue }
            rows.append([
                .text(record.scheduleID), .instant(record.fireTime), .text(record.nodeID), .instant(record.claimedAt),
                .text(String(record.outcome.prefix(2500))),
            ])
            events += record.events
        }
        let insert = DeferredWrites.insert(
            into: names.firedSlot, ["SCHEDULE_ID", "FIRE_TIME", "NODE_ID", "CLAIMED_AT", "OUTCOME"])
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            _ = try await session.execute(insert(chunk.count), chunk.flatMap { $0 })
            start += chunk.count
        }
        try await OutboxWriter(names: names, session: session).append(events, executionID: nil)
        return claimed
    }

    /// The slots among the records' that already have a row: one query per 500 schedules, bounded by the
    /// records' earliest and latest fire times.
    private static func existingSlots(
        of records: [Record], names: TableNames, in session: any DatabaseSession
    ) async throws -> Set<SlotKey> {
        guard let earliest = records.map(\.fireTime).min(), let latest = records.map(\.fireTime).max() else { return [] }
        let wanted = Set(records.map { SlotKey($0.scheduleID, $0.fireTime) })
        let scheduleIDs = Array(Set(records.map(\.scheduleID))).sorted()
        var existing = Set<SlotKey>()
        var start = 0
        while start < scheduleIDs.count {
            let chunk = scheduleIDs[start..<min(start + rowsPerStatement, scheduleIDs.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try await session.query(
                "SELECT SCHEDULE_ID, FIRE_TIME FROM \(names.firedSlot) WHERE SCHEDULE_ID IN (\(placeholders)) "
                    + "AND FIRE_TIME >= ? AND FIRE_TIME <= ?",
                chunk.map { .text($0) } + [.instant(earliest), .instant(latest)])
            for row in rows {
                let key = SlotKey(try row.text("SCHEDULE_ID"), try row.instant("FIRE_TIME"))
                if wanted.contains(key) { existing.insert(key) }
            }
            start += chunk.count
        }
        return existing
    }
}
