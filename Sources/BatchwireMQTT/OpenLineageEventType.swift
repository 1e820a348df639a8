/// The run state transition an OpenLineage RunEvent reports (`eventType`).
public enum OpenLineageEventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// The run started (Batchwire: STARTED).
    case start = "START"
    /// The run is going on (Batchwire: STOPPING).
    case running = "RUNNING"
    /// The run succeeded (COMPLETED).
    case complete = "COMPLETE"
    /// The run was stopped or abandoned (STOPPED, ABANDONED).
    case abort = "ABORT"
    /// The run failed (FAILED).
    case fail = "FAIL"
    /// Anything else: UNKNOWN, or ABANDONED after the run had already ended.
    case other = "OTHER"
}
