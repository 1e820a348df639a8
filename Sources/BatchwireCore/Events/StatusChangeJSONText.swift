import Foundation

/// The members a job status change and a step status change share, as both write them to JSON.
protocol StatusChangeFields {
    var type: BatchwireEventType { get }
    var eventId: UUID { get }
    var sequence: Int64 { get }
    var timestamp: Date { get }
    var node: String { get }
    var jobName: String { get }
    var jobInstanceId: Int64 { get }
    var jobExecutionId: Int64 { get }
    var previousStatus: BatchStatus? { get }
    var status: BatchStatus { get }
    var exitCode: String { get }
    var exitDescription: String { get }
    var createTime: Date { get }
    var startTime: Date? { get }
    var endTime: Date? { get }
}

extension JobStatusChangedEvent: StatusChangeFields {}
extension StepStatusChangedEvent: StatusChangeFields {}

extension JSONTextWriter {
    /// Writes a status change as one object, members in sorted key order as `encode(to:)` writes them;
    /// `previousStatus`, `startTime` and `endTime` are left out when `nil`.
    ///
    /// - Parameters:
    ///   - change: the event.
    ///   - afterStatus: writes the members whose keys sort between `status` and `timestamp` (a step's
    ///     `stepExecutionId` and `stepName`).
    mutating func statusChange(
        _ change: some StatusChangeFields, afterStatus: (inout JSONTextWriter) -> Void = { _ in }
    ) {
        beginObject()
        key("createTime")
        timestamp(change.createTime)
        if let endTime = change.endTime {
            key("endTime")
            timestamp(endTime)
        }
        key("eventId")
        uuid(change.eventId)
        key("exitCode")
        string(change.exitCode)
        key("exitDescription")
        string(change.exitDescription)
        key("jobExecutionId")
        integer(change.jobExecutionId)
        key("jobInstanceId")
        integer(change.jobInstanceId)
        key("jobName")
        string(change.jobName)
        key("node")
        string(change.node)
        if let previousStatus = change.previousStatus {
            key("previousStatus")
            string(previousStatus.rawValue)
        }
        key("schemaVersion")
        integer(BatchwireEventType.schemaVersion)
        key("sequence")
        integer(change.sequence)
        if let startTime = change.startTime {
            key("startTime")
            timestamp(startTime)
        }
        key("status")
        string(change.status.rawValue)
        afterStatus(&self)
        key("timestamp")
        timestamp(change.timestamp)
        key("type")
        string(change.type.rawValue)
        endObject()
    }
}
