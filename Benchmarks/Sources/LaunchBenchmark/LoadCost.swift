import BenchmarkSupport
import Foundation

/// What the load cost between two snapshots: CPU of serve and mariadbd, serve's peak memory, and the
/// MariaDB statements, transactions and deadlocks, per run.
struct LoadCost: Sendable {
    let before: CaseHarness.Snapshot
    let after: CaseHarness.Snapshot
    /// Runs created between the two snapshots: the denominator of every per-run figure.
    let runs: Int
    /// serve's `VmHWM` at the second snapshot.
    let peakResidentBytes: Int?
    /// The benchmark's own statements to subtract (MySQL only).
    let own: ServerCounters?

    /// Adds the figures to `table`.
    func report(into table: inout ReportTable) {
        let wall = after.time.timeIntervalSince(before.time)
        table.heading(String(format: "cost between the snapshots (%.1f s, %d runs created)", wall, runs))
        func cpu(_ seconds: Double) -> String {
            let perRun = runs > 0 ? String(format: ", %.2f ms/run", seconds * 1000 / Double(runs)) : ""
            return String(format: "%.2f s (%.0f%% of one core", seconds, wall > 0 ? seconds / wall * 100 : 0) + perRun + ")"
        }
        if let start = before.serveCPU, let end = after.serveCPU {
            let delta = end - start
            table.add("serve CPU (utime+stime)", cpu(delta.own))
            table.add("serve's reaped children CPU (steps)", cpu(delta.children))
        } else {
            table.add("serve CPU", "n/a")
        }
        if let start = before.mariadbCPU, let end = after.mariadbCPU {
            table.add("mariadbd CPU (utime+stime)", cpu((end - start).own))
        } else if before.counters != nil {
            table.add("mariadbd CPU", "n/a (no pid)")
        }
        table.add("serve max RSS (VmHWM)", ProcStats.mebibytes(peakResidentBytes))
        if let start = before.cpuStall, let end = after.cpuStall, wall > 0 {
            table.add(
                "machine CPU pressure (PSI some)",
                String(format: "%.0f%% of the time; load average ", (end - start) / 1e6 / wall * 100)
                    + "\(before.loadAverage) → \(after.loadAverage)")
        } else {
            table.add("machine load average", "\(before.loadAverage) → \(after.loadAverage)")
        }
        guard let start = before.counters, let end = after.counters else { return }
        let own = own ?? .zero
        let delta = end - start - own
        func perRun(_ value: Int64) -> String {
            runs > 0 ? String(format: "%.2f  (%lld in all)", Double(value) / Double(runs), value) : "\(value) in all"
        }
        table.add("Innodb_deadlocks delta", "\(delta["Innodb_deadlocks"])")
        table.add("Innodb_row_lock_waits delta", "\(delta["Innodb_row_lock_waits"])")
        table.add("Questions/run", perRun(delta["Questions"]))
        table.add("DML+SELECT/run", perRun(delta.dmlAndSelect))
        table.add(
            "  Com_select/insert/update/delete",
            "\(delta["Com_select"]) / \(delta["Com_insert"]) / \(delta["Com_update"]) / \(delta["Com_delete"])")
        table.add("transactions/run (Com_commit+Com_rollback)", perRun(delta.transactions))
        table.add("  Com_commit / Com_rollback", "\(delta["Com_commit"]) / \(delta["Com_rollback"])")
        table.add("Handler_commit/run", perRun(delta["Handler_commit"]))
        table.add("Handler_rollback/run", perRun(delta["Handler_rollback"]))
        table.add(
            "benchmark's own statements subtracted",
            "Questions \(own["Questions"]), Com_select \(own["Com_select"]), Handler_commit \(own["Handler_commit"])")
    }
}
