import Foundation

/// Any Batchwire event: what listeners receive, what the outbox stores and what is published on
/// `<prefix>/events/<job>`.
///
/// Its JSON is the wrapped event's JSON; the `type` field says which case it is. Use ``jsonData()``
/// and ``init(jsonData:)`` to write and read payloads. See `docs/events.md`.
public enum BatchwireEvent: Sendable, Hashable, Codable {
    /// A job execution was created.
    case jobCreated(JobCreatedEvent)
    /// A job execution changed status.
    case jobStatusChanged(JobStatusChangedEvent)
    /// A step execution changed status.
    case stepStatusChanged(StepStatusChangedEvent)
    /// A scheduled fire was skipped or missed.
    case scheduleFire(ScheduleFireEvent)
    /// An event trigger handled a message or an upstream completion.
    case triggerFire(TriggerFireEvent)

    /// The `type` field.
    public var type: BatchwireEventType {
        switch self {
        case .jobCreated: .jobCreated
        case .jobStatusChanged: .jobStatusChanged
        case .stepStatusChanged: .stepStatusChanged
        case .scheduleFire: .scheduleFire
        case .triggerFire: .triggerFire
        }
    }

    /// The unique event id; consumers drop duplicates by it.
    public var eventId: UUID {
        switch self {
        case .jobCreated(let event): event.eventId
        case .jobStatusChanged(let event): event.eventId
        case .stepStatusChanged(let event): event.eventId
        case .scheduleFire(let event): event.eventId
        case .triggerFire(let event): event.eventId
        }
    }

    /// The position within ``orderingKey``.
    public var sequence: Int64 {
        switch self {
        case .jobCreated(let event): event.sequence
        case .jobStatusChanged(let event): event.sequence
        case .stepStatusChanged(let event): event.sequence
        case .scheduleFire(let event): event.sequence
        case .triggerFire(let event): event.sequence
        }
    }

    /// When the event happened.
    public var timestamp: Date {
        switch self {
        case .jobCreated(let event): event.timestamp
        case .jobStatusChanged(let event): event.timestamp
        case .stepStatusChanged(let event): event.timestamp
        case .scheduleFire(let event): event.timestamp
        case .triggerFire(let event): event.timestamp
        }
    }

    /// The node that emitted the event.
    public var node: String {
        switch self {
        case .jobCreated(let event): event.node
        case .jobStatusChanged(let event): event.node
        case .stepStatusChanged(let event): event.node
        case .scheduleFire(let event): event.node
        case .triggerFire(let event): event.node
        }
    }

    /// The job the event is about (the `<job>` level of its topics).
    public var jobName: String {
        switch self {
        case .jobCreated(let event): event.jobName
        case .jobStatusChanged(let event): event.jobName
        case .stepStatusChanged(let event): event.jobName
        case .scheduleFire(let event): event.jobName
        case .triggerFire(let event): event.jobName
        }
    }

    /// The job execution the event is about; `nil` for schedule and trigger events.
    public var jobExecutionId: Int64? {
        switch self {
        case .jobCreated(let event): event.jobExecutionId
        case .jobStatusChanged(let event): event.jobExecutionId
        case .stepStatusChanged(let event): event.jobExecutionId
        case .scheduleFire: nil
        case .triggerFire: nil
        }
    }

    /// The stream whose events are numbered by ``sequence`` and must be delivered in that order:
    /// `execution:<jobExecutionId>` for job and step events, `schedule:<schedule>` for schedule events, `trigger:<trigger>` for trigger events.
    public var orderingKey: String {
        switch self {
        case .jobCreated(let event): "execution:\(event.jobExecutionId)"
        case .jobStatusChanged(let event): "execution:\(event.jobExecutionId)"
        case .stepStatusChanged(let event): "execution:\(event.jobExecutionId)"
        case .scheduleFire(let event): "schedule:\(event.schedule)"
        case .triggerFire(let event): "trigger:\(event.trigger)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let name = try container.decode(String.self, forKey: .type)
        guard let type = BatchwireEventType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown event type '\(name)'; expected one of "
                    + BatchwireEventType.allCases.map(\.rawValue).joined(separator: ", ")
                    + " (a newer Batchwire may send types this build does not know: skip them)")
        }
        switch type {
        case .jobCreated: self = .jobCreated(try JobCreatedEvent(from: decoder))
        case .jobStatusChanged: self = .jobStatusChanged(try JobStatusChangedEvent(from: decoder))
        case .stepStatusChanged: self = .stepStatusChanged(try StepStatusChangedEvent(from: decoder))
        case .scheduleFire: self = .scheduleFire(try ScheduleFireEvent(from: decoder))
        case .triggerFire: self = .triggerFire(try TriggerFireEvent(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .jobCreated(let event): try event.encode(to: encoder)
        case .jobStatusChanged(let event): try event.encode(to: encoder)
        case .stepStatusChanged(let event): try event.encode(to: encoder)
        case .scheduleFire(let event): try event.encode(to: encoder)
        case .triggerFire(let event): try event.encode(to: encoder)
        }
    }

    private enum TypeKey: String, CodingKey {
        case type
    }
}
