extension StepStatusChangedEvent: JSONTextWritable {
    /// Writes the fields ``encode(to:)`` writes, in sorted key order; `previousStatus`, `startTime`
    /// and `endTime` are left out when `nil`.
    package func writeJSON(to writer: inout JSONTextWriter) {
        writer.statusChange(self) { writer in
            writer.key("stepExecutionId")
            writer.integer(stepExecutionId)
            writer.key("stepName")
            writer.string(stepName)
        }
    }
}
