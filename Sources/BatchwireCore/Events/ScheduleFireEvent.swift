import Foundation

/// A scheduled fire that did not start a run, so monitors see what did not run as well as what did:
/// skipped by the overlap policy (the previous run was still going) or missed under the misfire
/// policy (the scheduler was down or late and the policy gave the slot up).
///
/// JSON `type`: `schedule-fire`. Its `sequence` counts the events of one schedule, not of an
/// execution. See `docs/events.md`.
public struct ScheduleFireEvent: Sendable, Hashable, Codable {
    /// Why the fire did not start a run.
    public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
        /// The overlap policy skipped it: a run of the job was still going.
        case skipped
        /// The misfire policy dropped it: the slot passed while it could not be fired.
        case missed
    }

    /// The event type, always ``BatchwireEventType/scheduleFire``.
    public var type: BatchwireEventType { .scheduleFire }
    /// A unique id: consumers drop a second delivery of the same id.
    public var eventId: UUID
    /// The position of this event among the events of its schedule, from 1.
    public var sequence: Int64
    /// When the event happened (whole milliseconds).
    public var timestamp: Date
    /// The node that handled the fire.
    public var node: String
    /// The job the schedule fires.
    public var jobName: String
    /// The schedule's id, stable across restarts (e.g. `nightly-orders#0`: job name and position).
    public var schedule: String
    /// The scheduled instant of the fire that did not run.
    public var fireTime: Date
    /// Skipped (overlap) or missed (misfire).
    public var outcome: Outcome
    /// The policy that decided it, as the job file writes it (e.g. `overlap: skip`, `misfire: latest`).
    public var policy: String
    /// The reason in words, for people (e.g. "execution 42 was still running").
    public var reason: String
    /// The execution that was still running, for a skipped fire.
    public var runningExecutionId: Int64?

    /// An event; times are rounded to the millisecond.
    ///
    /// - Parameters:
    ///   - eventId: a unique id (a random UUID by default).
    ///   - sequence: the position among the schedule's events.
    ///   - timestamp: when it happened.
    ///   - node: the node that handled the fire.
    ///   - jobName: the job.
    ///   - schedule: the schedule's stable id.
    ///   - fireTime: the scheduled instant.
    ///   - outcome: skipped or missed.
    ///   - policy: the policy that decided it.
    ///   - reason: the reason in words.
    ///   - runningExecutionId: the execution still running, for a skipped fire.
    public init(
        eventId: UUID = RandomUUIDs.next(), sequence: Int64, timestamp: Date = Date(), node: String, jobName: String,
        schedule: String, fireTime: Date, outcome: Outcome, policy: String, reason: String,
        runningExecutionId: Int64? = nil
    ) {
        self.eventId = eventId
        self.sequence = sequence
        self.timestamp = EventTimestamp.normalized(timestamp)
        self.node = node
        self.jobName = jobName
        self.schedule = schedule
        self.fireTime = EventTimestamp.normalized(fireTime)
        self.outcome = outcome
        self.policy = policy
        self.reason = reason
        self.runningExecutionId = runningExecutionId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.checkEventHeader(type: .scheduleFire, typeKey: .type, versionKey: .schemaVersion)
        eventId = try container.decodeEventUUID(forKey: .eventId)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        timestamp = try container.decodeTimestamp(forKey: .timestamp)
        node = try container.decode(String.self, forKey: .node)
        jobName = try container.decode(String.self, forKey: .jobName)
        schedule = try container.decode(String.self, forKey: .schedule)
        fireTime = try container.decodeTimestamp(forKey: .fireTime)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        policy = try container.decode(String.self, forKey: .policy)
        reason = try container.decode(String.self, forKey: .reason)
        runningExecutionId = try container.decodeIfPresent(Int64.self, forKey: .runningExecutionId)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(BatchwireEventType.schemaVersion, forKey: .schemaVersion)
        try container.encode(type, forKey: .type)
        try container.encodeEventUUID(eventId, forKey: .eventId)
        try container.encode(sequence, forKey: .sequence)
        try container.encodeTimestamp(timestamp, forKey: .timestamp)
        try container.encode(node, forKey: .node)
        try container.encode(jobName, forKey: .jobName)
        try container.encode(schedule, forKey: .schedule)
        try container.encodeTimestamp(fireTime, forKey: .fireTime)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(policy, forKey: .policy)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(runningExecutionId, forKey: .runningExecutionId)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, type, eventId, sequence, timestamp, node
        case jobName, schedule, fireTime, outcome, policy, reason, runningExecutionId
    }
}
