import BatchwireCore
import Foundation

/// What readers of the outbox route an event by, stored beside its payload in the outbox columns `JOB_NAME`,
/// `EVENT_TYPE` and `STATUS` (written in the same insert as the payload), so the relay, the dashboard tail and
/// the dataset-trigger watcher never parse a payload to find them again.
public struct OutboxRouting: Sendable, Hashable {
    /// `JOB_NAME`: the job the event concerns (the `jobName` member of the payload).
    public var jobName: String
    /// `EVENT_TYPE`: the `type` member, e.g. `job-status-changed`.
    public var eventType: BatchwireEventType
    /// `STATUS`: the new status of a job or step status change (the `status` member); `nil` for other events.
    public var status: BatchStatus?

    /// Routing fields as given.
    public init(jobName: String, eventType: BatchwireEventType, status: BatchStatus? = nil) {
        self.jobName = jobName
        self.eventType = eventType
        self.status = status
    }

    /// The routing fields of `event`.
    public init(_ event: BatchwireEvent) {
        let status: BatchStatus? =
            switch event {
            case .jobStatusChanged(let change): change.status
            case .stepStatusChanged(let change): change.status
            case .jobCreated, .scheduleFire, .triggerFire: nil
            }
        self.init(jobName: event.jobName, eventType: event.type, status: status)
    }

    /// The routing fields of a row written before the outbox had routing columns (by a Batchwire older than
    /// this one, or by such a node still running during a rolling upgrade): read from its payload, the one place
    /// a payload is parsed to route it. `nil` when the payload is not a Batchwire event (it is then published on
    /// its outbox topic only, as before).
    ///
    /// - Parameter payload: the row's `PAYLOAD`.
    public init?(legacyPayload payload: String) {
        guard let event = try? BatchwireEvent(jsonData: Data(payload.utf8)) else { return nil }
        self.init(event)
    }

    /// The routing columns, in the order ``OutboxWriter`` writes them.
    static let columnNames = ["JOB_NAME", "EVENT_TYPE", "STATUS"]

    /// The values of ``columnNames`` for `routing` (all NULL without one).
    static func binds(_ routing: OutboxRouting?) -> [SQLValue] {
        [.optional(routing?.jobName), .optional(routing?.eventType.rawValue), .optional(routing?.status?.rawValue)]
    }

    /// The routing fields of an outbox row: its columns when `EVENT_TYPE` is set, else (a row written before the
    /// columns existed) from its payload; `nil` when neither names a Batchwire event.
    ///
    /// - Throws: ``StoreError`` `.database` when a column holds an unreadable value.
    init?(row: SQLRow, payload: String) throws(StoreError) {
        if row.index["EVENT_TYPE"] != nil, let type = try row.textIfPresent("EVENT_TYPE") {
            guard let eventType = BatchwireEventType(rawValue: type), let jobName = try row.textIfPresent("JOB_NAME")
            else { return nil }
            let status = try row.textIfPresent("STATUS").flatMap(BatchStatus.init(rawValue:))
            self.init(jobName: jobName, eventType: eventType, status: status)
            return
        }
        self.init(legacyPayload: payload)
    }
}
