extension EventLineage: JSONTextWritable {
    /// Writes `{"inputs":[…],"outputs":[…]}`, both always present, as the synthesized `encode(to:)` does.
    ///
    /// - Throws: `EncodingError.invalidValue` if a dataset facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        writer.key("inputs")
        try writer.array(inputs)
        writer.key("outputs")
        try writer.array(outputs)
        writer.endObject()
    }
}

extension EventDataset: JSONTextWritable {
    /// Writes `facets` (left out when `nil`, as the synthesized `encode(to:)` does), `name` and
    /// `namespace`; facet objects with their keys sorted.
    ///
    /// - Throws: `EncodingError.invalidValue` if a facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        writer.beginObject()
        if let facets {
            writer.key("facets")
            try writer.object(facets)
        }
        writer.key("name")
        writer.string(name)
        writer.key("namespace")
        writer.string(namespace)
        writer.endObject()
    }
}
