import Foundation

/// A job execution moved from one ``BatchStatus`` to another (STARTING, STARTED, STOPPING, STOPPED,
/// COMPLETED, FAILED, ABANDONED, UNKNOWN), after the change was written to the repository.
///
/// JSON `type`: `job-status-changed`. The latest one per job is also the retained payload of
/// `<prefix>/status/<job>`. See `docs/events.md`.
public struct JobStatusChangedEvent: Sendable, Hashable, Codable {
    /// The event type, always ``BatchwireEventType/jobStatusChanged``.
    public var type: BatchwireEventType { .jobStatusChanged }
    /// A unique id: consumers drop a second delivery of the same id.
    public var eventId: UUID
    /// The position of this event among the events of its execution (the created event is 1).
    public var sequence: Int64
    /// When the event happened (whole milliseconds).
    public var timestamp: Date
    /// The node that made the change (the owner, or the node that recovered a dead node's execution).
    public var node: String
    /// `JOB_NAME`.
    public var jobName: String
    /// `JOB_INSTANCE_ID`.
    public var jobInstanceId: Int64
    /// `JOB_EXECUTION_ID`.
    public var jobExecutionId: Int64
    /// The status before the change; `nil` for the first status of a new execution.
    public var previousStatus: BatchStatus?
    /// The status after the change.
    public var status: BatchStatus
    /// `EXIT_CODE` after the change.
    public var exitCode: String
    /// `EXIT_MESSAGE` after the change (empty when there is none).
    public var exitDescription: String
    /// `CREATE_TIME` as an instant.
    public var createTime: Date
    /// `START_TIME` as an instant, once started.
    public var startTime: Date?
    /// `END_TIME` as an instant, once ended.
    public var endTime: Date?

    /// An event with every field given; times are rounded to the millisecond.
    ///
    /// - Parameters:
    ///   - eventId: a unique id (a random UUID by default).
    ///   - sequence: the position among the execution's events.
    ///   - timestamp: when it happened.
    ///   - node: the node that made the change.
    ///   - jobName: `JOB_NAME`.
    ///   - jobInstanceId: `JOB_INSTANCE_ID`.
    ///   - jobExecutionId: `JOB_EXECUTION_ID`.
    ///   - previousStatus: the status before, or `nil` for the first one.
    ///   - status: the status after.
    ///   - exitCode: `EXIT_CODE`.
    ///   - exitDescription: `EXIT_MESSAGE`.
    ///   - createTime: `CREATE_TIME`.
    ///   - startTime: `START_TIME`.
    ///   - endTime: `END_TIME`.
    public init(
        eventId: UUID = RandomUUIDs.next(), sequence: Int64, timestamp: Date = Date(), node: String, jobName: String,
        jobInstanceId: Int64, jobExecutionId: Int64, previousStatus: BatchStatus?, status: BatchStatus,
        exitCode: String, exitDescription: String = "", createTime: Date, startTime: Date? = nil,
        endTime: Date? = nil
    ) {
        self.eventId = eventId
        self.sequence = sequence
        self.timestamp = EventTimestamp.normalized(timestamp)
        self.node = node
        self.jobName = jobName
        self.jobInstanceId = jobInstanceId
        self.jobExecutionId = jobExecutionId
        self.previousStatus = previousStatus
        self.status = status
        self.exitCode = exitCode
        self.exitDescription = exitDescription
        self.createTime = EventTimestamp.normalized(createTime)
        self.startTime = startTime.map(EventTimestamp.normalized)
        self.endTime = endTime.map(EventTimestamp.normalized)
    }

    /// The event for `execution` as it was just written, with its current status, exit status and times.
    ///
    /// - Parameters:
    ///   - execution: the execution after the change.
    ///   - previousStatus: its status before the change (`nil` for the first status).
    ///   - node: this node's name.
    ///   - sequence: the position among the execution's events.
    ///   - timeZone: the zone of the execution's wall-clock times (the zone `LocalDateTime.now` used).
    ///   - eventId: a unique id (a random UUID by default).
    ///   - timestamp: when it happened (now by default).
    public init(
        execution: JobExecution, previousStatus: BatchStatus?, node: String, sequence: Int64,
        timeZone: TimeZone = .current, eventId: UUID = RandomUUIDs.next(), timestamp: Date = Date()
    ) {
        self.init(
            eventId: eventId, sequence: sequence, timestamp: timestamp, node: node, jobName: execution.jobName,
            jobInstanceId: execution.jobInstance.id, jobExecutionId: execution.id, previousStatus: previousStatus,
            status: execution.status, exitCode: execution.exitStatus.exitCode,
            exitDescription: execution.exitStatus.exitDescription,
            createTime: execution.createTime.instant(in: timeZone),
            startTime: execution.startTime?.instant(in: timeZone), endTime: execution.endTime?.instant(in: timeZone))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.checkEventHeader(type: .jobStatusChanged, typeKey: .type, versionKey: .schemaVersion)
        eventId = try container.decodeEventUUID(forKey: .eventId)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        timestamp = try container.decodeTimestamp(forKey: .timestamp)
        node = try container.decode(String.self, forKey: .node)
        jobName = try container.decode(String.self, forKey: .jobName)
        jobInstanceId = try container.decode(Int64.self, forKey: .jobInstanceId)
        jobExecutionId = try container.decode(Int64.self, forKey: .jobExecutionId)
        previousStatus = try container.decodeIfPresent(BatchStatus.self, forKey: .previousStatus)
        status = try container.decode(BatchStatus.self, forKey: .status)
        exitCode = try container.decode(String.self, forKey: .exitCode)
        exitDescription = try container.decodeIfPresent(String.self, forKey: .exitDescription) ?? ""
        createTime = try container.decodeTimestamp(forKey: .createTime)
        startTime = try container.decodeTimestampIfPresent(forKey: .startTime)
        endTime = try container.decodeTimestampIfPresent(forKey: .endTime)
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
        try container.encodeIfPresent(previousStatus, forKey: .previousStatus)
        try container.encode(status, forKey: .status)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(exitDescription, forKey: .exitDescription)
        try container.encodeTimestamp(createTime, forKey: .createTime)
        try container.encodeTimestampIfPresent(startTime, forKey: .startTime)
        try container.encodeTimestampIfPresent(endTime, forKey: .endTime)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, type, eventId, sequence, timestamp, node
        case jobName, jobInstanceId, jobExecutionId, previousStatus, status, exitCode, exitDescription
        case createTime, startTime, endTime
    }
}
