extension BatchwireEvent: JSONTextWritable {
    /// Writes the wrapped event's JSON: the same bytes as `BatchwireEvent.makeEncoder().encode(self)`.
    ///
    /// - Throws: `EncodingError.invalidValue` only if a dataset facet holds a non-finite number.
    package func writeJSON(to writer: inout JSONTextWriter) throws(EncodingError) {
        switch self {
        case .jobCreated(let event): try event.writeJSON(to: &writer)
        case .jobStatusChanged(let event): event.writeJSON(to: &writer)
        case .stepStatusChanged(let event): event.writeJSON(to: &writer)
        case .scheduleFire(let event): event.writeJSON(to: &writer)
        case .triggerFire(let event): event.writeJSON(to: &writer)
        }
    }
}
