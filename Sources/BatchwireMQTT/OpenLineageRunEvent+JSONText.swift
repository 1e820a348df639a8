import BatchwireCore

extension OpenLineageRunEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order: the bytes
    /// `BatchwireEvent.makeEncoder().encode(self)` writes.
    ///
    /// - Throws: `EncodingError.invalidValue` if a facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        writer.key("eventTime")
        writer.timestamp(eventTime)
        writer.key("eventType")
        writer.string(eventType.rawValue)
        writer.key("inputs")
        try writer.array(inputs)
        writer.key("job")
        try job.writeJSON(to: &writer)
        writer.key("outputs")
        try writer.array(outputs)
        writer.key("producer")
        writer.string(producer)
        writer.key("run")
        try run.writeJSON(to: &writer)
        writer.key("schemaURL")
        writer.string(schemaURL)
        writer.endObject()
    }
}

extension OpenLineageRunEvent.Run: JSONTextWritable {
    /// Writes `facets` (keys sorted) and `runId` (lowercase), as ``encode(to:)`` does.
    ///
    /// - Throws: `EncodingError.invalidValue` if a facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        writer.key("facets")
        try writer.object(facets)
        writer.key("runId")
        writer.uuid(runId)
        writer.endObject()
    }
}

extension OpenLineageRunEvent.Job: JSONTextWritable {
    /// Writes `facets` (keys sorted), `name` and `namespace`, as the synthesized `encode(to:)` does.
    ///
    /// - Throws: `EncodingError.invalidValue` if a facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        writer.key("facets")
        try writer.object(facets)
        writer.key("name")
        writer.string(name)
        writer.key("namespace")
        writer.string(namespace)
        writer.endObject()
    }
}
