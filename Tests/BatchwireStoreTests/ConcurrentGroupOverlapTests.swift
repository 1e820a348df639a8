import BatchwireCore
import Foundation
import MySQLClient
import Testing

@testable import BatchwireStore

/// Two claiming launches of one job that arrive while a group looking for that job is being written: the
/// second waits for that group's commit, so `overlap: skip` sees the first run instead of starting a second.
@Suite("Claiming launches of one job across concurrent groups (MariaDB)")
struct ConcurrentGroupOverlapTests {
    @Test("a second slot of a job whose launch is still being written is skipped, not launched beside it")
    func secondSlotWaitsForTheFirstGroup() async throws {
        try await TestStore.with(.mysql) { t throws in
            guard case .mysql(let holder) = t.raw else { Issue.record("not MySQL"); return }
            let base = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
            let skipRecord: @Sendable (Int64) throws -> (outcome: String, events: [OutboxEvent]) = { running in
                ("skipped: \(running) runs", [OutboxEvent(topic: "t/skip", payload: "{\"running\":\(running)}")])
            }
            @Sendable func fire(_ slot: Date, run: Int64) async throws -> String {
                let claim = SlotClaim(
                    slot: FiredSlotKey(scheduleID: "job#1", fireTime: slot), claimedAt: slot, skipWhileRunning: skipRecord)
                let result = try await t.repository.launch(
                    claiming: claim, jobName: "job", parameters: Fixtures.parameters(run: run),
                    lease: ExecutionLease(nodeID: "node-1", expiresAt: Date().addingTimeInterval(30)),
                    events: { _, sequence in [OutboxEvent(topic: "t", payload: "\(sequence.next())")] })
                switch result {
                case .launched: return "launched"
                case .skipped: return "skipped"
                case .claimedElsewhere: return "elsewhere"
                }
            }
            // Another transaction holds the first slot's key: the first launch's group read "not running" and
            // now waits on that row lock, uncommitted.
            try await holder.execute("START TRANSACTION")
            try await holder.execute(
                "INSERT INTO \(t.names.firedSlot) (SCHEDULE_ID, FIRE_TIME, NODE_ID, CLAIMED_AT) "
                    + "VALUES ('job#1', '2027-01-15 08:00:00', 'other', '2027-01-15 08:00:00')")
            let first = Task { try await fire(base, run: 1) }
            do {
                // (The lock wait count is global status, readable without the PROCESS privilege.)
                var waits = 0
                while try await t.raw.rows("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_current_waits'").first?.last != "1" {
                    waits += 1
                    try #require(waits < 400, "the first launch never waited on the held slot row")
                    try await Task.sleep(for: .milliseconds(50))
                }
            } catch {
                try await holder.execute("ROLLBACK")
                throw error
            }
            // The next slot while that group is in flight. A second group written beside it would read "not
            // running" too; give it the time to do so before the first group may go on.
            let second = Task { try await fire(base.addingTimeInterval(1), run: 2) }
            try await Task.sleep(for: .seconds(1))
            try await holder.execute("ROLLBACK")
            #expect(try await first.value == "launched")
            #expect(try await second.value == "skipped")
            #expect(try await t.raw.scalar("SELECT COUNT(*) FROM \(t.names.jobExecution)") == "1")
        }
    }
}
