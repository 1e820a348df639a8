import BatchwireCore
import BatchwireStore
import BatchwireTestSupport
import Foundation
import MySQLClient
import Testing

extension ServeProcessTests {
    /// Issue 14: a Galera node that rejoins answers error 1047 for a few seconds; no slot its serve node
    /// claimed may be lost to it (recorded `failed: …` and never run).
    @Suite("a Galera node that answers 1047 for a while", .needs(.galera))
    struct GaleraRejectTests {
        static let job = """
            name: galera-tick
            incrementer: run-id
            steps:
              - name: touch
                command: ["/bin/true"]
            schedules:
              - name: every-second
                every: 1s
                overlap: allow
            """
        static let scheduleID = "galera-tick#every-second"

        @Test("no claimed slot is lost while the node rejects queries (wsrep_reject_queries = ALL) for 5 s")
        func noClaimedSlotLost() async throws {
            try await GaleraSite.with { site in
                try site.writeJob("galera-tick.yaml", Self.job)
                let node = try site.serve(node: "g")
                try await node.waitForError(containing: "batchwire serve started")
                try await site.withStore { store in
                    try await eventually("three started slots before the outage", within: 60, every: .milliseconds(100)) {
                        try await store.state.firedSlots(scheduleID: Self.scheduleID, limit: 10)
                            .filter { $0.outcome == "started" }.count >= 3
                    }

                    let rejecter = try await GaleraRejecter.connect()
                    let rejectedAt: Date
                    let acceptedAt: Date
                    do {
                        try await rejecter.rejectQueries()
                        rejectedAt = Date()
                        // What a client sees meanwhile: a new connection opens, its statements get 1047.
                        try await Self.expectNodeNotReady(table: "\(site.tablePrefix)BW_FIRED_SLOT")
                        try await Task.sleep(for: .seconds(5))
                        try await rejecter.acceptQueries()
                        acceptedAt = Date()
                        await rejecter.close()
                    } catch {
                        await rejecter.close()
                        throw error
                    }

                    try await Task.sleep(for: .seconds(10))
                    node.terminate()
                    let end = try await node.waitForEnd(within: 90)
                    #expect(end == .exited(0), "serve ended with \(end)\n\(node.errorTail())")

                    let record = try await FiringRecord.load(store, scheduleID: Self.scheduleID, jobName: "galera-tick")
                    let report = Self.describe(record, rejectedAt: rejectedAt, acceptedAt: acceptedAt)
                    print(
                        "galera reject run: rejected \(rejectedAt.formatted(.iso8601)) to "
                            + "\(acceptedAt.formatted(.iso8601))\n\(report)")
                    let complaints = node.standardError.split(separator: "\n").filter { line in
                        [" warning ", " error ", " critical "].contains { line.contains($0) }
                    }
                    print("galera reject run: serve's warnings and errors:\n" + complaints.joined(separator: "\n"))

                    #expect(record.slots.count >= 15, "only \(record.slots.count) slots were claimed\n\(report)")
                    #expect(record.missingSeconds.isEmpty, "seconds never claimed: \(record.missingSeconds)\n\(report)")
                    let lost = record.slots.filter { $0.outcome != "started" || $0.jobExecutionID == nil }
                    #expect(lost.isEmpty, "claimed slots that started no run:\n\(Self.describe(lost, record))")
                    // Every run completed; one that SIGTERM caught (within 3 s of it) may have ended STOPPED.
                    let shutdowns = site.terminations
                    let unfinished = record.slots.filter { slot in
                        guard let execution = record.execution(of: slot) else { return false }
                        let stoppedByShutdown =
                            execution.status == .stopped
                            && shutdowns.contains { abs(slot.fireTime.timeIntervalSince($0)) < 3 }
                        return execution.status != .completed && !stoppedByShutdown
                    }
                    #expect(unfinished.isEmpty, "runs that did not complete:\n\(Self.describe(unfinished, record))")
                    let during = record.slots.filter { $0.fireTime >= rejectedAt && $0.fireTime <= acceptedAt }
                    #expect(during.count >= 3, "slots due while the node rejected queries: \(during.count)\n\(report)")
                }
            }
        }

        /// A fresh connection of the `batchwire` user reads the fired-slot table and gets error 1047.
        static func expectNodeNotReady(table: String) async throws {
            let connection = try await MySQLConnection.connect(configuration: GaleraEnvironment.userConfiguration())
            do {
                _ = try await connection.query("SELECT COUNT(*) AS N FROM \(table)")
                Issue.record("the Galera node answered a query although wsrep_reject_queries = ALL")
            } catch {
                #expect(error.number == 1047 && error.code == .nodeNotReady, "\(String(reflecting: error))")
            }
            await connection.close()
        }

        /// One line per slot: when it was due and claimed, its outcome, its execution's status.
        static func describe(_ slots: [BatchwireStateStore.FiredSlot], _ record: FiringRecord) -> String {
            slots.map { slot in
                let execution = record.execution(of: slot)
                let claimLag = String(format: "%+.2f", slot.claimedAt.timeIntervalSince(slot.fireTime))
                return "  \(slot.fireTime.formatted(.iso8601)) claimed \(claimLag) s by \(slot.nodeID): "
                    + "\(slot.outcome ?? "(no outcome)") execution \(slot.jobExecutionID.map(String.init) ?? "none") "
                    + "\(execution.map { "\($0.status)" } ?? "")"
            }.joined(separator: "\n")
        }

        static func describe(_ record: FiringRecord, rejectedAt: Date, acceptedAt: Date) -> String {
            record.slots.map { slot in
                let mark = slot.fireTime >= rejectedAt && slot.fireTime <= acceptedAt ? " [due while rejected]" : ""
                return describe([slot], record) + mark
            }.joined(separator: "\n")
        }
    }
}
