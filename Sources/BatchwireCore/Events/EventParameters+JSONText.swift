extension EventParameters {
    /// Writes `parameters` as the payload's `parameters` array: one `{"identifying", "name", "type",
    /// "value"}` object per parameter, in launch order (the bytes ``entries(_:)`` encodes to).
    static func write(_ parameters: JobParameters, to writer: inout JSONTextWriter) {
        writer.beginArray()
        for (name, parameter) in parameters {
            writer.beginObject()
            writer.key("identifying")
            writer.bool(parameter.isIdentifying)
            writer.key("name")
            writer.string(name)
            writer.key("type")
            writer.string(parameter.databaseType)
            writer.key("value")
            writer.string(parameter.databaseValue)
            writer.endObject()
        }
        writer.endArray()
    }
}
