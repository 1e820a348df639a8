/// The fields of an event payload the relay routes by, `type`, `jobName` and `status`, read straight from the
/// JSON bytes without decoding the event: a step or schedule event, or a STARTING job status change (which
/// has no OpenLineage RunEvent), needs nothing more, so the relay decodes only the events it must look into
/// (the other job status changes and job-created events, for OpenLineage). Routing trusts the payload to be
/// the event its `type` says, as Batchwire writes them.
///
/// Only top-level members count (a `type` inside `parameters` or a lineage facet is skipped), and only
/// plain string values: a value with an escape sequence is reported as absent, and the caller falls back
/// to decoding the whole event.
struct EventRoutingFields: Equatable {
    /// The top-level `type`, e.g. `step-status-changed`.
    var type: String?
    /// The top-level `jobName`.
    var jobName: String?
    /// The top-level `status` (of a job or step status change), e.g. `STARTING`.
    var status: String?

    /// Scans `payload`; fields not found (or not plain strings, or a payload that is not a JSON object) are `nil`.
    init(payload: [UInt8]) {
        payload.withUnsafeBufferPointer { bytes in
            var scanner = TopLevelJSONScanner(bytes: bytes)
            scanner.scanMembers { key, value in
                // A value with escapes, or not a string, is not plain: reported as absent.
                func text() -> String? {
                    guard case .string(let content, escaped: false) = value else { return nil }
                    return String(decoding: content, as: UTF8.self)
                }
                if TopLevelJSONScanner.equals(key, "type") {
                    type = text()
                } else if TopLevelJSONScanner.equals(key, "jobName") {
                    jobName = text()
                } else if TopLevelJSONScanner.equals(key, "status") {
                    status = text()
                }
            }
        }
    }
}
