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
            var scanner = Scanner(bytes: bytes)
            scanner.scanTopLevel { key, value in
                if Self.equals(key, "type") {
                    type = value.map { String(decoding: $0, as: UTF8.self) }
                } else if Self.equals(key, "jobName") {
                    jobName = value.map { String(decoding: $0, as: UTF8.self) }
                } else if Self.equals(key, "status") {
                    status = value.map { String(decoding: $0, as: UTF8.self) }
                }
            }
        }
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount
            && text.withUTF8Buffer { expected in bytes.elementsEqual(expected) }
    }

    /// A forward-only reader of one JSON object's top-level members.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

        /// Calls `member` with each top-level key and its value when the value is a plain string (else `nil`).
        /// Stops at the first byte that is not well-formed JSON.
        mutating func scanTopLevel(_ member: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>?) -> Void) {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return }
            while true {
                skipSpace()
                guard peek == Self.quote, let key = string() else { return }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return }
                skipSpace()
                if peek == Self.quote {
                    let start = position
                    guard let value = string() else { return }
                    // A value with escapes is not plain: report it as absent.
                    let plain = !bytes[start..<position].contains(Self.backslash)
                    member(key, plain ? value : nil)
                } else {
                    guard skipValue() else { return }
                    member(key, nil)
                }
                skipSpace()
                guard take(UInt8(ascii: ",")) else { return }
            }
        }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            position += 1
            return true
        }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        /// Reads a string at `position` (its opening quote); returns the bytes between the quotes.
        mutating func string() -> UnsafeBufferPointer<UInt8>? {
            guard take(Self.quote) else { return nil }
            let start = position
            while let byte = peek {
                if byte == Self.quote {
                    let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    return content
                }
                position += byte == Self.backslash ? 2 : 1
            }
            return nil
        }

        /// Skips a number, literal, array or object (strings inside are skipped whole, so their brackets do not count).
        mutating func skipValue() -> Bool {
            var depth = 0
            while let byte = peek {
                switch byte {
                case Self.quote:
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return true }  // the end of the enclosing object
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { return true }
                default:
                    break
                }
                position += 1
            }
            return false
        }
    }
}
