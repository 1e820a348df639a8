import BatchwireCore
import Foundation

/// Reads a `job-status-changed` payload straight from its bytes, without a `JSONDecoder`: the relay decodes
/// two of these per run (STARTED and the end) to build their OpenLineage RunEvents, and Foundation's decoder
/// was the larger part of that cost.
///
/// It reads what Batchwire writes: a flat object of plain strings, integers and `null`. Anything else (a string
/// with an escape sequence, such as an exit description with a newline; a missing or mistyped field; an
/// unknown status; a newer `schemaVersion`) gives `nil`, and the caller decodes the payload with
/// ``BatchwireEvent/init(jsonData:)``, which accepts every valid payload and names what is wrong with the rest.
/// Unknown members are ignored, as the decoder ignores them.
enum StatusChangePayload {
    /// The event, or `nil` when the payload is not one this reader takes (see above).
    static func decode(_ payload: [UInt8]) -> JobStatusChangedEvent? {
        payload.withUnsafeBufferPointer { bytes in
            var fields = Fields()
            var scanner = TopLevelJSONScanner(bytes: bytes)
            guard scanner.scanMembers({ key, value in fields.take(key, value) }), !fields.unreadable else {
                return nil
            }
            return fields.event()
        }
    }

    /// The members read so far.
    private struct Fields {
        var schemaVersion: Int64?
        var type: String?
        var eventId: String?
        var sequence: Int64?
        var timestamp: String?
        var node: String?
        var jobName: String?
        var jobInstanceId: Int64?
        var jobExecutionId: Int64?
        var previousStatus: String?
        var status: String?
        var exitCode: String?
        var exitDescription: String?
        var createTime: String?
        var startTime: String?
        var endTime: String?
        /// A member of a known name had a value this reader does not take.
        var unreadable = false

        mutating func take(_ key: UnsafeBufferPointer<UInt8>, _ value: TopLevelJSONScanner.Value) {
            typealias S = TopLevelJSONScanner
            if S.equals(key, "schemaVersion") {
                schemaVersion = integer(value)
            } else if S.equals(key, "type") {
                type = text(value)
            } else if S.equals(key, "eventId") {
                eventId = text(value)
            } else if S.equals(key, "sequence") {
                sequence = integer(value)
            } else if S.equals(key, "timestamp") {
                timestamp = text(value)
            } else if S.equals(key, "node") {
                node = text(value)
            } else if S.equals(key, "jobName") {
                jobName = text(value)
            } else if S.equals(key, "jobInstanceId") {
                jobInstanceId = integer(value)
            } else if S.equals(key, "jobExecutionId") {
                jobExecutionId = integer(value)
            } else if S.equals(key, "previousStatus") {
                previousStatus = optionalText(value)
            } else if S.equals(key, "status") {
                status = text(value)
            } else if S.equals(key, "exitCode") {
                exitCode = text(value)
            } else if S.equals(key, "exitDescription") {
                exitDescription = optionalText(value)
            } else if S.equals(key, "createTime") {
                createTime = text(value)
            } else if S.equals(key, "startTime") {
                startTime = optionalText(value)
            } else if S.equals(key, "endTime") {
                endTime = optionalText(value)
            }
        }

        /// A plain string's text; anything else marks the payload unreadable.
        private mutating func text(_ value: TopLevelJSONScanner.Value) -> String? {
            guard case .string(let content, escaped: false) = value else {
                unreadable = true
                return nil
            }
            return String(decoding: content, as: UTF8.self)
        }

        /// `nil` for JSON `null`, else as ``text(_:)``.
        private mutating func optionalText(_ value: TopLevelJSONScanner.Value) -> String? {
            if case .literal(let bytes) = value, TopLevelJSONScanner.equals(bytes, "null") { return nil }
            return text(value)
        }

        /// An integer as JSON writes one (an optional minus, then digits without a leading zero); anything else
        /// (a fraction, an exponent, a plus sign) marks the payload unreadable.
        private mutating func integer(_ value: TopLevelJSONScanner.Value) -> Int64? {
            guard case .literal(let bytes) = value, Self.isJSONInteger(bytes),
                let number = Int64(String(decoding: bytes, as: UTF8.self))
            else {
                unreadable = true
                return nil
            }
            return number
        }

        private static func isJSONInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let digits = bytes.first == UInt8(ascii: "-") ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
            guard let first = digits.first, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            return first != UInt8(ascii: "0") || digits.count == 1
        }

        func event() -> JobStatusChangedEvent? {
            guard let schemaVersion, (1...Int64(BatchwireEventType.schemaVersion)).contains(schemaVersion),
                type == BatchwireEventType.jobStatusChanged.rawValue,
                let eventId = eventId.flatMap(UUID.init(uuidString:)), let sequence,
                let timestamp = timestamp.flatMap(EventTimestamp.parse), let node, let jobName, let jobInstanceId,
                let jobExecutionId, let status = status.flatMap(BatchStatus.init(rawValue:)), let exitCode,
                let createTime = createTime.flatMap(EventTimestamp.parse)
            else { return nil }
            var previous: BatchStatus?
            if let previousStatus {
                guard let status = BatchStatus(rawValue: previousStatus) else { return nil }
                previous = status
            }
            var start: Date?
            if let startTime {
                guard let parsed = EventTimestamp.parse(startTime) else { return nil }
                start = parsed
            }
            var end: Date?
            if let endTime {
                guard let parsed = EventTimestamp.parse(endTime) else { return nil }
                end = parsed
            }
            return JobStatusChangedEvent(
                eventId: eventId, sequence: sequence, timestamp: timestamp, node: node, jobName: jobName,
                jobInstanceId: jobInstanceId, jobExecutionId: jobExecutionId, previousStatus: previous, status: status,
                exitCode: exitCode, exitDescription: exitDescription ?? "", createTime: createTime, startTime: start,
                endTime: end)
        }
    }
}
