import Foundation

/// What one event trigger did with one message or upstream completion: started a run, folded it into
/// another run (debounce), skipped it (overlap policy, paused), or refused it (the message did not give
/// the parameters the job needs). Every trigger outcome is announced, so monitors see what did not run as
/// well as what did.
///
/// JSON `type`: `trigger-fire`. Its `sequence` is the receive instant in milliseconds, so the events of one
/// trigger are ordered. See `docs/events.md` and `docs/triggers.md`.
public struct TriggerFireEvent: Sendable, Hashable, Codable {
    /// What became of the message.
    public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
        /// A run was started for it (``TriggerFireEvent/jobExecutionId``).
        case started
        /// It fell in a debounce window: the window's last message starts one run for all of them.
        case debounced
        /// The overlap policy skipped it: a run of the job was still going.
        case skipped
        /// The job's triggers are paused.
        case paused
        /// Its parameters did not fit the job's declared types (or the job refused them).
        case refused
        /// A `${payload…}` member or `${topic[…]}` level the parameters need is missing.
        case missingMember = "missing-member"
        /// The payload is not the JSON object the parameters read from.
        case malformed
        /// The launch failed (the database, Spring's rules); the reason says why.
        case failed
    }

    /// The event type, always ``BatchwireEventType/triggerFire``.
    public var type: BatchwireEventType { .triggerFire }
    /// A unique id: consumers drop a second delivery of the same id.
    public var eventId: UUID
    /// The position of this event among the events of its trigger: the receive instant in milliseconds.
    public var sequence: Int64
    /// When the event happened (whole milliseconds).
    public var timestamp: Date
    /// The node that handled the message.
    public var node: String
    /// The job the trigger starts.
    public var jobName: String
    /// The trigger's id, stable across restarts: `<job>#trigger-<position from 1>`.
    public var trigger: String
    /// `mqtt` or `dataset`.
    public var kind: String
    /// The MQTT topic the message came on, or `<namespace>/<name>` of the dataset.
    public var source: String
    /// The message's identity (MD5 of topic, payload and `BW_EVENT_ID`), or `execution:<id>` of the
    /// upstream run for a dataset trigger: the key that makes a trigger fire once across nodes.
    public var messageKey: String
    /// What became of it.
    public var outcome: Outcome
    /// The reason in words, for people.
    public var reason: String
    /// The run it started (``Outcome/started``) or will be folded into (``Outcome/debounced``, when known).
    public var jobExecutionId: Int64?
    /// The run that was still going, for a skipped message.
    public var runningExecutionId: Int64?
    /// The upstream run whose completion fired a dataset trigger.
    public var upstreamExecutionId: Int64?

    /// An event; the timestamp is rounded to the millisecond.
    public init(
        eventId: UUID = RandomUUIDs.next(), sequence: Int64, timestamp: Date = Date(), node: String, jobName: String,
        trigger: String, kind: String, source: String, messageKey: String, outcome: Outcome, reason: String,
        jobExecutionId: Int64? = nil, runningExecutionId: Int64? = nil, upstreamExecutionId: Int64? = nil
    ) {
        self.eventId = eventId
        self.sequence = sequence
        self.timestamp = EventTimestamp.normalized(timestamp)
        self.node = node
        self.jobName = jobName
        self.trigger = trigger
        self.kind = kind
        self.source = source
        self.messageKey = messageKey
        self.outcome = outcome
        self.reason = reason
        self.jobExecutionId = jobExecutionId
        self.runningExecutionId = runningExecutionId
        self.upstreamExecutionId = upstreamExecutionId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.checkEventHeader(type: .triggerFire, typeKey: .type, versionKey: .schemaVersion)
        eventId = try container.decodeEventUUID(forKey: .eventId)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        timestamp = try container.decodeTimestamp(forKey: .timestamp)
        node = try container.decode(String.self, forKey: .node)
        jobName = try container.decode(String.self, forKey: .jobName)
        trigger = try container.decode(String.self, forKey: .trigger)
        kind = try container.decode(String.self, forKey: .kind)
        source = try container.decode(String.self, forKey: .source)
        messageKey = try container.decode(String.self, forKey: .messageKey)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        reason = try container.decode(String.self, forKey: .reason)
        jobExecutionId = try container.decodeIfPresent(Int64.self, forKey: .jobExecutionId)
        runningExecutionId = try container.decodeIfPresent(Int64.self, forKey: .runningExecutionId)
        upstreamExecutionId = try container.decodeIfPresent(Int64.self, forKey: .upstreamExecutionId)
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
        try container.encode(trigger, forKey: .trigger)
        try container.encode(kind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(messageKey, forKey: .messageKey)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(jobExecutionId, forKey: .jobExecutionId)
        try container.encodeIfPresent(runningExecutionId, forKey: .runningExecutionId)
        try container.encodeIfPresent(upstreamExecutionId, forKey: .upstreamExecutionId)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, type, eventId, sequence, timestamp, node, jobName, trigger, kind, source, messageKey
        case outcome, reason, jobExecutionId, runningExecutionId, upstreamExecutionId
    }
}
