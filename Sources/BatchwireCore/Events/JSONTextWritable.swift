/// A type that writes its own JSON with a ``JSONTextWriter``, producing the bytes its `Encodable`
/// conformance produces under `BatchwireEvent.makeEncoder()` (keys sorted, slashes unescaped).
package protocol JSONTextWritable {
    /// Appends this value's JSON to `writer`.
    ///
    /// - Throws: `EncodingError.invalidValue` if a free-form part (a facet) holds a non-finite number.
    func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError)
}

extension JSONTextWritable {
    /// This value's JSON as UTF-8 bytes.
    ///
    /// - Parameter capacity: bytes to reserve up front.
    /// - Throws: `EncodingError.invalidValue` if a facet holds a non-finite number.
    package func jsonBytes(capacity: Int = 512) throws(EncodingError) -> [UInt8] {
        var writer = JSONTextWriter(capacity: capacity)
        try writeJSON(to: &writer)
        return writer.bytes
    }
}

extension JSONTextWriter {
    /// Writes an array of values that write themselves.
    ///
    /// - Throws: what the elements' ``JSONTextWritable/writeJSON(to:)`` throws.
    package mutating func array(_ elements: [some JSONTextWritable]) throws(EncodingError) {
        beginArray()
        for element in elements { try element.writeJSON(to: &self) }
        endArray()
    }
}
