import BatchwireCore
import BatchwireStore
import Foundation
import Testing

/// What the store holds about one schedule's fires: its claimed slots (`<prefix>BW_FIRED_SLOT`) and its
/// job's executions (`<prefix>JOB_EXECUTION` with their parameters), read back through the store.
struct FiringRecord {
    /// The claimed slots, oldest first.
    let slots: [BatchwireStateStore.FiredSlot]
    /// The job's executions by id.
    let executions: [Int64: JobExecution]

    static func load(_ store: MetadataStore, scheduleID: String, jobName: String) async throws -> FiringRecord {
        let slots = try await store.state.firedSlots(scheduleID: scheduleID, limit: 1_000_000).reversed()
        let executions = try await store.explorer.getJobExecutions(jobName: jobName, start: 0, count: 1_000_000)
        return FiringRecord(
            slots: Array(slots), executions: Dictionary(executions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        )
    }

    /// The slots' instants as whole epoch seconds, oldest first.
    var slotSeconds: [Int64] { slots.map { epochSecond($0.fireTime) } }

    /// The seconds between the first and the last slot that have no slot row.
    var missingSeconds: [Int64] {
        guard let first = slotSeconds.first, let last = slotSeconds.last else { return [] }
        let present = Set(slotSeconds)
        return (first...last).filter { !present.contains($0) }
    }

    /// Slots claimed more than once (impossible while the primary key holds).
    var duplicateSeconds: [Int64] {
        Dictionary(grouping: slotSeconds, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    /// The execution a slot started.
    func execution(of slot: BatchwireStateStore.FiredSlot) -> JobExecution? {
        slot.jobExecutionID.flatMap { executions[$0] }
    }

    /// Expects every started slot to have one run carrying it as its `fireTime`, no other run to exist (so
    /// no slot ran twice), and each run to have completed or been STOPPED by a SIGTERM (one of `shutdowns`)
    /// that came while it ran.
    func expectOneRunPerStartedSlot(shutdowns: [Date], sourceLocation: SourceLocation = #_sourceLocation) {
        let started = slots.filter { $0.outcome == "started" }
        let runMillis = executions.values.compactMap(fireTimeMillis)
        #expect(runMillis.count == executions.count, "every run carries its fireTime", sourceLocation: sourceLocation)
        #expect(
            runMillis.sorted() == started.map { epochMillis($0.fireTime) }.sorted(),
            "one run per started slot, none twice", sourceLocation: sourceLocation)
        for slot in started {
            guard let execution = execution(of: slot) else {
                let id = slot.jobExecutionID.map(String.init) ?? "none"
                Issue.record(
                    "started slot \(slot.fireTime) names execution \(id), which does not exist",
                    sourceLocation: sourceLocation)
                continue
            }
            #expect(fireTimeMillis(execution) == epochMillis(slot.fireTime), sourceLocation: sourceLocation)
            let stoppedByShutdown =
                execution.status == .stopped && shutdowns.contains { abs(slot.fireTime.timeIntervalSince($0)) < 3 }
            #expect(
                execution.status == .completed || stoppedByShutdown,
                "execution \(execution.id) of slot \(slot.fireTime) is \(execution.status)",
                sourceLocation: sourceLocation)
        }
    }
}

/// The `fireTime` parameter of an execution (the `fire-time` incrementer's), in epoch milliseconds.
func fireTimeMillis(_ execution: JobExecution) -> Int64? {
    guard case .date(let date)? = execution.jobParameters["fireTime"]?.value else { return nil }
    return Int64((date.timeIntervalSince1970 * 1000).rounded())
}

/// An instant as whole epoch seconds.
func epochSecond(_ date: Date) -> Int64 {
    Int64(date.timeIntervalSince1970.rounded())
}

/// An instant as epoch milliseconds.
func epochMillis(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
}
