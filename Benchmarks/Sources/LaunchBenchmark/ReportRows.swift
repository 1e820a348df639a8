import Foundation

/// The report rows both scenarios share: startup, statuses, slot outcomes, the `fireTime` check, the
/// stop, other sessions on the server.
enum ReportRows {
    /// How many jobs serve said it loaded, and how long it took to say it was started.
    static func startupText(_ harness: CaseHarness) -> String {
        guard let startup = harness.startup else { return "n/a" }
        return (startup.jobs.map(String.init) ?? "?") + String(format: " jobs; `serve started` after %.2f s", startup.seconds)
    }

    /// `COMPLETED 998, FAILED 2`.
    static func statusText(_ runs: [RunRecords.Run]) -> String {
        let counts = Dictionary(grouping: runs, by: \.status).mapValues(\.count)
        return counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// `skipped 3, started 997`.
    static func slotText(_ slots: [RunRecords.SlotOutcome]) -> String {
        slots.isEmpty ? "none" : slots.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
    }

    /// How many runs carry a `fireTime` parameter other than their fired slot.
    static func fireTimeCheck(_ records: RunRecords, into table: inout ReportTable) {
        let disagreeing = records.parameterDisagreements
        let withoutSlot = records.runs.filter { $0.slot == nil }.count
        var text = disagreeing == 0
            ? "matches the fired slot for every run"
            : "\(disagreeing) run(s) carry another instant than their fired slot (lateness uses the slot)"
        if withoutSlot > 0 {
            text += "; \(withoutSlot) run(s) without a fired-slot row (lateness uses the parameter)"
        }
        table.add("fireTime parameter", text)
    }

    /// One full outcome text of each kind other than `started`, so the reasons show.
    static func slotExamples(_ slots: [RunRecords.SlotOutcome], into table: inout ReportTable) {
        for slot in slots where slot.kind != "started" && slot.kind != "undecided" {
            table.add("  e.g. \(slot.kind)", String(slot.example.prefix(140)))
        }
    }

    /// `1.234 s, exit 0`.
    static func stopText(_ stop: ServeProcess.Stop?) -> String {
        guard let stop else { return "n/a" }
        return String(format: "%.3f s, ", stop.seconds) + stop.status + (stop.killed ? " (SIGKILLed after the stop timeout)" : "")
    }

    /// Whether other clients were connected to the MariaDB before serve started (MySQL cases only).
    static func otherSessionsRow(_ harness: CaseHarness, into table: inout ReportTable) {
        guard harness.store == .mysql else { return }
        let others = harness.otherSessions
        table.add(
            "other client sessions before serve",
            others.isEmpty ? "none (counters are serve's and the benchmark's alone)"
                : "\(others.count), COUNTERS INCLUDE THEIR LOAD: \(others.prefix(3).joined(separator: "; "))")
    }
}
