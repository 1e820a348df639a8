/// The kind of a ``BatchwireEvent``: the value of the `type` field of its JSON payload.
///
/// The raw values are part of the stable wire format (see `docs/events.md`); new kinds may be added in
/// later schema versions, existing ones are never renamed.
public enum BatchwireEventType: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// A job execution was created (``JobCreatedEvent``).
    case jobCreated = "job-created"
    /// A job execution changed status (``JobStatusChangedEvent``).
    case jobStatusChanged = "job-status-changed"
    /// A step execution changed status (``StepStatusChangedEvent``).
    case stepStatusChanged = "step-status-changed"
    /// A scheduled fire did not start a run (``ScheduleFireEvent``).
    case scheduleFire = "schedule-fire"
    /// An event trigger handled a message or an upstream completion (``TriggerFireEvent``).
    case triggerFire = "trigger-fire"

    /// The version of the event payload format this build writes (the `schemaVersion` field).
    ///
    /// It goes up only for incompatible changes; added optional fields keep the version. Readers accept
    /// payloads up to this version and reject newer ones with an error that says to upgrade.
    public static let schemaVersion = 1

    public var description: String { rawValue }
}
