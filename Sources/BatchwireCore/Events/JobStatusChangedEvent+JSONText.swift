extension JobStatusChangedEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order; `previousStatus`, `startTime`
    /// and `endTime` are left out when `nil`.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        writer.key("createTime")
        writer.timestamp(createTime)
        if let endTime {
            writer.key("endTime")
            writer.timestamp(endTime)
        }
        writer.key("eventId")
        writer.uuid(eventId)
        writer.key("exitCode")
        writer.string(exitCode)
        writer.key("exitDescription")
        writer.string(exitDescription)
        writer.key("jobExecutionId")
        writer.integer(jobExecutionId)
        writer.key("jobInstanceId")
        writer.integer(jobInstanceId)
        writer.key("jobName")
        writer.string(jobName)
        writer.key("node")
        writer.string(node)
        if let previousStatus {
            writer.key("previousStatus")
            writer.string(previousStatus.rawValue)
        }
        writer.key("schemaVersion")
        writer.integer(BatchwireEventType.schemaVersion)
        writer.key("sequence")
        writer.integer(sequence)
        if let startTime {
            writer.key("startTime")
            writer.timestamp(startTime)
        }
        writer.key("status")
        writer.string(status.rawValue)
        writer.key("timestamp")
        writer.timestamp(timestamp)
        writer.key("type")
        writer.string(type.rawValue)
        writer.endObject()
    }
}
