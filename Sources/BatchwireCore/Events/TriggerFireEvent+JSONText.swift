extension TriggerFireEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order; absent execution ids are left out.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        writer.key("eventId")
        writer.uuid(eventId)
        if let jobExecutionId {
            writer.key("jobExecutionId")
            writer.integer(jobExecutionId)
        }
        writer.key("jobName")
        writer.string(jobName)
        writer.key("kind")
        writer.string(kind)
        writer.key("messageKey")
        writer.string(messageKey)
        writer.key("node")
        writer.string(node)
        writer.key("outcome")
        writer.string(outcome.rawValue)
        writer.key("reason")
        writer.string(reason)
        if let runningExecutionId {
            writer.key("runningExecutionId")
            writer.integer(runningExecutionId)
        }
        writer.key("schemaVersion")
        writer.integer(BatchwireEventType.schemaVersion)
        writer.key("sequence")
        writer.integer(sequence)
        writer.key("source")
        writer.string(source)
        writer.key("timestamp")
        writer.timestamp(timestamp)
        writer.key("trigger")
        writer.string(trigger)
        writer.key("type")
        writer.string(type.rawValue)
        if let upstreamExecutionId {
            writer.key("upstreamExecutionId")
            writer.integer(upstreamExecutionId)
        }
        writer.endObject()
    }
}
