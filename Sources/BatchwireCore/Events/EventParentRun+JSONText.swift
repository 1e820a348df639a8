extension EventParentRun: JSONTextWritable {
    /// Writes `name`, `namespace` and `runId` (lowercase), as ``encode(to:)`` does.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.beginObject()
        writer.key("name")
        writer.string(name)
        writer.key("namespace")
        writer.string(namespace)
        writer.key("runId")
        writer.uuid(runId)
        writer.endObject()
    }
}
