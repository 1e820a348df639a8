import Foundation

/// A job execution was created: the first event of every execution, carrying what the execution
/// runs with (parameters) and what it reads and writes (lineage), as Flink's `JobCreatedEvent` does.
///
/// JSON `type`: `job-created`. See `docs/events.md` for the payload.
public struct JobCreatedEvent: Sendable, Hashable, Codable {
    /// The event type, always ``BatchwireEventType/jobCreated``.
    public var type: BatchwireEventType { .jobCreated }
    /// A unique id: consumers drop a second delivery of the same id (delivery is at least once).
    public var eventId: UUID
    /// The position of this event among the events of its execution, from 1, without gaps.
    public var sequence: Int64
    /// When the event happened (whole milliseconds).
    public var timestamp: Date
    /// The node (process) that created the execution.
    public var node: String
    /// `JOB_NAME`.
    public var jobName: String
    /// `JOB_INSTANCE_ID`.
    public var jobInstanceId: Int64
    /// `JOB_EXECUTION_ID`.
    public var jobExecutionId: Int64
    /// `JOB_KEY`: the MD5 of the identifying parameters.
    public var jobKey: String
    /// Every parameter of the execution, identifying or not, in launch order.
    public var parameters: JobParameters
    /// The datasets the job reads and writes.
    public var lineage: EventLineage
    /// The scheduled instant when a schedule fired the run (the OpenLineage nominal time); `nil` for
    /// runs started by hand, command or API.
    public var fireTime: Date?
    /// The run that started this one, if any (the OpenLineage parent run).
    public var parent: EventParentRun?

    /// An event with every field given.
    ///
    /// - Parameters:
    ///   - eventId: a unique id (a random UUID by default).
    ///   - sequence: the position among the execution's events (1 for the created event).
    ///   - timestamp: when it happened; rounded to the millisecond.
    ///   - node: the node that created the execution.
    ///   - jobName: `JOB_NAME`.
    ///   - jobInstanceId: `JOB_INSTANCE_ID`.
    ///   - jobExecutionId: `JOB_EXECUTION_ID`.
    ///   - jobKey: `JOB_KEY`.
    ///   - parameters: all the execution's parameters.
    ///   - lineage: inputs and outputs.
    ///   - fireTime: the scheduled instant, for scheduled runs; rounded to the millisecond.
    ///   - parent: the parent run, if any.
    public init(
        eventId: UUID = RandomUUIDs.next(), sequence: Int64 = 1, timestamp: Date = Date(), node: String, jobName: String,
        jobInstanceId: Int64, jobExecutionId: Int64, jobKey: String, parameters: JobParameters,
        lineage: EventLineage = .none, fireTime: Date? = nil, parent: EventParentRun? = nil
    ) {
        self.eventId = eventId
        self.sequence = sequence
        self.timestamp = EventTimestamp.normalized(timestamp)
        self.node = node
        self.jobName = jobName
        self.jobInstanceId = jobInstanceId
        self.jobExecutionId = jobExecutionId
        self.jobKey = jobKey
        self.parameters = parameters
        self.lineage = lineage
        self.fireTime = fireTime.map(EventTimestamp.normalized)
        self.parent = parent
    }

    /// The created event of a new execution, as the launcher emits it right after
    /// `createJobExecution`.
    ///
    /// - Parameters:
    ///   - execution: the new execution.
    ///   - lineage: the job's inputs and outputs.
    ///   - node: this node's name.
    ///   - sequence: the position among the execution's events (1 unless events came before).
    ///   - fireTime: the scheduled instant, for scheduled runs.
    ///   - parent: the parent run, if any.
    ///   - eventId: a unique id (a random UUID by default).
    ///   - timestamp: when it happened (now by default).
    public init(
        execution: JobExecution, lineage: EventLineage, node: String, sequence: Int64 = 1, fireTime: Date? = nil,
        parent: EventParentRun? = nil, eventId: UUID = RandomUUIDs.next(), timestamp: Date = Date()
    ) {
        self.init(
            eventId: eventId, sequence: sequence, timestamp: timestamp, node: node,
            jobName: execution.jobInstance.jobName, jobInstanceId: execution.jobInstance.id,
            jobExecutionId: execution.id, jobKey: execution.jobInstance.jobKey, parameters: execution.jobParameters,
            lineage: lineage, fireTime: fireTime, parent: parent)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.checkEventHeader(type: .jobCreated, typeKey: .type, versionKey: .schemaVersion)
        eventId = try container.decodeEventUUID(forKey: .eventId)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        timestamp = try container.decodeTimestamp(forKey: .timestamp)
        node = try container.decode(String.self, forKey: .node)
        jobName = try container.decode(String.self, forKey: .jobName)
        jobInstanceId = try container.decode(Int64.self, forKey: .jobInstanceId)
        jobExecutionId = try container.decode(Int64.self, forKey: .jobExecutionId)
        jobKey = try container.decode(String.self, forKey: .jobKey)
        parameters = try EventParameters.parameters(
            container.decode([EventParameters.Entry].self, forKey: .parameters))
        lineage = try container.decodeIfPresent(EventLineage.self, forKey: .lineage) ?? .none
        fireTime = try container.decodeTimestampIfPresent(forKey: .fireTime)
        parent = try container.decodeIfPresent(EventParentRun.self, forKey: .parent)
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
        try container.encode(jobInstanceId, forKey: .jobInstanceId)
        try container.encode(jobExecutionId, forKey: .jobExecutionId)
        try container.encode(jobKey, forKey: .jobKey)
        try container.encode(EventParameters.entries(parameters), forKey: .parameters)
        try container.encode(lineage, forKey: .lineage)
        try container.encodeTimestampIfPresent(fireTime, forKey: .fireTime)
        try container.encodeIfPresent(parent, forKey: .parent)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, type, eventId, sequence, timestamp, node
        case jobName, jobInstanceId, jobExecutionId, jobKey, parameters, lineage, fireTime, parent
    }
}
