extension JobCreatedEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order; `fireTime` and `parent` are left
    /// out when `nil`.
    ///
    /// - Throws: `EncodingError.invalidValue` only if a dataset facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        writer.key("eventId")
        writer.uuid(eventId)
        if let fireTime {
            writer.key("fireTime")
            writer.timestamp(fireTime)
        }
        writer.key("jobExecutionId")
        writer.integer(jobExecutionId)
        writer.key("jobInstanceId")
        writer.integer(jobInstanceId)
        writer.key("jobKey")
        writer.string(jobKey)
        writer.key("jobName")
        writer.string(jobName)
        writer.key("lineage")
        try lineage.writeJSON(to: &writer)
        writer.key("node")
        writer.string(node)
        writer.key("parameters")
        EventParameters.write(parameters, to: &writer)
        if let parent {
            writer.key("parent")
            parent.writeJSON(to: &writer)
        }
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
