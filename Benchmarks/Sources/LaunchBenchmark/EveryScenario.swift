import BenchmarkSupport
import Foundation

/// Scenario (b): `--every-jobs` jobs (2000), one file each, every one `every: 1s` from a `start:`
/// `--lead` seconds after serve starts, for a `--window` (30 s); SIGTERM at the window's end, under load.
///
/// Measures runs/s (executions created in the window / its seconds), lateness (step `START_TIME` minus
/// the fire time, see ``RunRecords``) of the slots of the window's first and last 5 s, the fired-slot outcomes of the window's
/// slots (`skipped`, `missed`, …) and how long serve took to exit after SIGTERM.
enum EveryScenario {
    static func run(_ harness: CaseHarness) async throws -> ReportTable {
        let options = harness.context.options
        let count = options.everyJobs
        let window = Double(options.windowSeconds)
        let start = try await harness.launch(
            count: count, prefix: "every", schedule: JobFileWriter.everySecondSchedule(start:))
        guard let reader = harness.reader else { throw CaseHarness.CaseError(description: "no reader") }
        let end = start.addingTimeInterval(window)

        try await harness.sleep(until: start.addingTimeInterval(-3))
        let before = try await harness.snapshot()
        harness.progress("window \(UTCText.iso(start)) … \(UTCText.iso(end)) (\(options.windowSeconds) s)")
        try await harness.sleep(until: end)
        let after = try await harness.snapshot()
        let peak = harness.serve.flatMap { ProcStats.peakResidentBytes(pid: $0.pid) }
        harness.progress("window over; SIGTERM")
        let stop = await harness.stop()

        let records = try await RunRecords.read(reader)
        let slots = try await RunRecords.slotOutcomes(reader, from: start, to: end)

        var table = ReportTable(
            title: "scenario b: \(count) jobs every 1s for \(options.windowSeconds) s · \(harness.store.rawValue) · step \(harness.step.rawValue)")
        table.add("serve", harness.serveCommandLine)
        table.add("jobs loaded / startup", ReportRows.startupText(harness))
        table.add("window", "\(UTCText.iso(start)) … \(UTCText.iso(end)) (serve start + \(options.leadSeconds) s)")
        table.heading("runs")
        let created = records.runs.filter { run in run.created.map { $0 >= start && $0 < end } ?? false }
        table.add(
            "runs/s (executions created in the window / s)",
            String(format: "%.1f  (%d executions in %.0f s)", Double(created.count) / window, created.count, window))
        let dueSlots = count * options.windowSeconds
        let windowRuns = records.runs(firedFrom: start, to: end)
        table.add("slots due in the window", "\(dueSlots) (\(count) jobs × \(options.windowSeconds) s)")
        table.add("executions for the window's slots", "\(windowRuns.count) (by fire time, created before or after the end)")
        let claimed = slots.reduce(0) { $0 + $1.count }
        table.add("window slots by outcome", ReportRows.slotText(slots))
        table.add("  skipped / missed", "\(slotCount("skipped", slots)) / \(slotCount("missed", slots))")
        table.add("  not claimed by SIGTERM", "\(max(0, dueSlots - claimed))")
        ReportRows.slotExamples(slots, into: &table)
        table.add("execution status (all)", ReportRows.statusText(records.runs))
        func lateness(_ from: Double, _ to: Double) -> String {
            let runs = records.runs(firedFrom: start.addingTimeInterval(from), to: start.addingTimeInterval(to))
            return LatencyHistogram(seconds: runs.compactMap(\.lateness)).text()
        }
        table.add("lateness, slots of the first 5 s", lateness(0, 5))
        table.add("lateness, slots of the last 5 s", lateness(window - 5, window) + " (only runs started before SIGTERM)")
        table.add("lateness, whole window", lateness(0, window))
        ReportRows.fireTimeCheck(records, into: &table)
        LoadCost(
            before: before, after: after, runs: records.runs(createdFrom: before.time, to: after.time).count,
            peakResidentBytes: peak, own: harness.ownCost?.share(polls: harness.polls)
        ).report(into: &table)
        ReportRows.otherSessionsRow(harness, into: &table)
        table.add("SIGTERM → exit (at the window's end, under load)", ReportRows.stopText(stop))
        return table
    }

    private static func slotCount(_ kind: String, _ slots: [RunRecords.SlotOutcome]) -> Int {
        slots.first { $0.kind == kind }?.count ?? 0
    }
}
