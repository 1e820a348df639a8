import BenchmarkSupport
import Foundation

/// Scenario (a): `--jobs` jobs (1000), one file each, all due once at the same instant (a 7-field cron
/// with seconds and year), `--lead` seconds after serve starts.
///
/// Measures runs/s from the due instant to the last step `START_TIME`, lateness (step `START_TIME` minus
/// the run's fire time, see ``RunRecords``), and the cost of the burst from just before the claims (3 s before due; claims
/// happen up to `claim-ahead`, 1 s, early) until every run has ended or `--timeout` seconds after due.
enum OnceScenario {
    static func run(_ harness: CaseHarness) async throws -> ReportTable {
        let options = harness.context.options
        let count = options.jobs
        let due = try await harness.launch(count: count, prefix: "launch", schedule: JobFileWriter.onceSchedule(due:))
        guard let reader = harness.reader else { throw CaseHarness.CaseError(description: "no reader") }

        try await harness.sleep(until: due.addingTimeInterval(-3))
        let before = try await harness.snapshot()
        try await harness.sleep(until: due)
        harness.progress("due; waiting for \(count) runs to end (timeout \(options.timeoutSeconds) s)")

        let deadline = due.addingTimeInterval(Double(options.timeoutSeconds))
        var timedOut = true
        var lastProgress = (ended: 0, created: 0, givenUp: 0)
        while Date() < deadline {
            try harness.checkServeRunning()
            lastProgress = try await RunRecords.progress(reader)
            harness.polls += 1
            if lastProgress.ended + lastProgress.givenUp >= count {
                timedOut = false
                break
            }
            try await Task.sleep(for: .seconds(1))
        }
        let after = try await harness.snapshot()
        let peak = harness.serve.flatMap { ProcStats.peakResidentBytes(pid: $0.pid) }
        harness.progress(
            String(format: "%d ended, %d given up after %.1f s; stopping serve", lastProgress.ended, lastProgress.givenUp,
                   after.time.timeIntervalSince(due)))
        let stop = await harness.stop()

        let records = try await RunRecords.read(reader)
        let slots = try await RunRecords.slotOutcomes(reader)

        var table = ReportTable(title: "scenario a: \(count) jobs due once · \(harness.store.rawValue) · step \(harness.step.rawValue)")
        table.add("serve", harness.serveCommandLine)
        table.add("jobs loaded / startup", ReportRows.startupText(harness))
        table.add("due instant", UTCText.iso(due) + " (serve start + \(options.leadSeconds) s)")
        table.heading("runs")
        let started = records.runs.filter { $0.stepStart != nil }
        table.add("executions / with a step started", "\(records.runs.count) / \(started.count) of \(count) jobs")
        table.add("execution status", ReportRows.statusText(records.runs))
        table.add("fired slots by outcome", ReportRows.slotText(slots))
        ReportRows.slotExamples(slots, into: &table)
        if timedOut { table.add("WARNING", "timed out after \(options.timeoutSeconds) s: not every run ended") }
        if let last = started.compactMap(\.stepStart).max() {
            let span = last.timeIntervalSince(due)
            table.add(
                "runs/s (due → last step START_TIME)",
                String(format: "%.1f  (%d runs in %.3f s)", span > 0 ? Double(started.count) / span : 0, started.count, span))
        } else {
            table.add("runs/s (due → last step START_TIME)", "n/a (no step started)")
        }
        if let lastCreated = records.runs.compactMap(\.created).max() {
            table.add("last execution created", String(format: "due + %.3f s", lastCreated.timeIntervalSince(due)))
        }
        table.add("lateness (step START_TIME − fire time)", LatencyHistogram(seconds: started.compactMap(\.lateness)).text())
        ReportRows.fireTimeCheck(records, into: &table)
        LoadCost(
            before: before, after: after, runs: records.runs(createdFrom: before.time, to: after.time).count,
            peakResidentBytes: peak, own: harness.ownCost?.share(polls: harness.polls)
        ).report(into: &table)
        table.add("benchmark polls during the load", "\(harness.polls) (one every second)")
        ReportRows.otherSessionsRow(harness, into: &table)
        table.add("SIGTERM → exit (idle, after the burst)", ReportRows.stopText(stop))
        return table
    }
}
