extension ScheduleFireEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order; `runningExecutionId` is left
    /// out when `nil`.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        writer.key("eventId")
        writer.uuid(eventId)
        writer.key("fireTime")
        writer.timestamp(fireTime)
        writer.key("jobName")
        writer.string(jobName)
        writer.key("node")
        writer.string(node)
        writer.key("outcome")
        writer.string(outcome.rawValue)
        writer.key("policy")
        writer.string(policy)
        writer.key("reason")
        writer.string(reason)
        if let runningExecutionId {
            writer.key("runningExecutionId")
            writer.integer(runningExecutionId)
        }
        writer.key("schedule")
        writer.string(schedule)
        writer.key("schemaVersion")
        writer.integer(BatchwireEventType.schemaVersion)
        writer.key("sequence")
        writer.integer(sequence)
        writer.key("timestamp")
        writer.timestamp(timestamp)
        writer.key("type")
        writer.string(type.rawValue)
        writer.endObject()
    }
}
