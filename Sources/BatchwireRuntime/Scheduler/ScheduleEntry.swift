import BatchwireCron
import Foundation

/// One schedule the scheduler runs: its id, job, policies and timeline, with start/end bounds and jitter
/// applied.
///
/// A class, so the scheduler's maps (every known schedule, every active one) and its work items share one
/// instance: as a struct every dictionary bucket held a ~300-byte copy (SchedulerBenchmark, 100,000
/// schedules: 402 MiB resident after startup as a struct, 253 MiB as a class). Immutable, hence `Sendable`.
final class ScheduleEntry: Sendable {
    let id: String
    let jobName: String
    let definition: ScheduleDefinition
    let timeline: ScheduleTimeline
    /// The stable jitter offset in seconds (for `jitterMode: stable`).
    let stableJitter: Int

    init(id: String, jobName: String, definition: ScheduleDefinition, timeline: ScheduleTimeline) {
        self.id = id
        self.jobName = jobName
        self.definition = definition
        self.timeline = timeline
        let bound = UInt64(max(0, definition.jitterSeconds))
        stableJitter = bound == 0 ? 0 : Int(FNV1a.hash64(id) % (bound + 1))
    }

    /// The first slot strictly after `instant` within the schedule's start/end bounds; `nil` when none is left.
    func slot(after instant: Date) -> Date? {
        timeline.next(after: instant)
    }

    /// When `slot` is due: the slot plus the jitter (the same every time for stable jitter).
    func due(_ slot: Date) -> Date {
        switch definition.jitterMode {
        case .stable:
            return slot.addingTimeInterval(TimeInterval(stableJitter))
        case .random:
            let bound = max(0, definition.jitterSeconds)
            return bound == 0 ? slot : slot.addingTimeInterval(TimeInterval(Int.random(in: 0...bound)))
        }
    }
}
