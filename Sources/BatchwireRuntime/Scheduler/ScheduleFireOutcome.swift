import Foundation

/// What became of one slot of one schedule on this node: what the scheduler reports to its observer
/// (tests, benchmarks) and counts in its metrics.
public struct ScheduleFireOutcome: Sendable, Hashable {
    /// The kinds of outcome.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A run was started.
        case started
        /// The overlap policy skipped it (a run of the job was still going).
        case skipped
        /// The misfire policy gave it up.
        case missed
        /// Starting the run failed.
        case failed
        /// Another node claimed it first (and handles it).
        case claimedElsewhere = "claimed-elsewhere"
    }

    /// The schedule's id.
    public let scheduleID: String
    /// The job.
    public let jobName: String
    /// The nominal slot.
    public let fireTime: Date
    /// What happened.
    public let kind: Kind
    /// Why, for skipped, missed and failed slots.
    public let reason: String?
    /// The started execution.
    public let executionID: Int64?
    /// How late the run started after the slot was due (slot plus jitter), for started on-time fires.
    public let lateness: TimeInterval?
}
