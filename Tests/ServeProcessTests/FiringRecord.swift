import BatchwireCore
import BatchwireStore
import Foundation

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
            slots: Array(slots), executions: Dictionary(executions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
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

    /// How many executions carry each `fireTime` parameter (in epoch milliseconds).
    var executionsByFireTime: [Int64: [JobExecution]] {
        Dictionary(grouping: executions.values, by: { fireTimeMillis($0) ?? -1 })
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
