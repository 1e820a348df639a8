/// Appends compact UTF-8 JSON to a byte buffer, byte for byte as `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` writes it (swift-foundation), without `Encodable`'s
/// boxing: event payloads are written with it on the append and publish paths.
///
/// The caller writes the structure: `beginObject()`, then `key(_:)` and one value per member, in
/// ascending UTF-8 order of the keys (as `.sortedKeys` orders them; debug builds check it), then
/// `endObject()`. Commas are placed by the writer.
///
/// What `JSONEncoder` writes, and so what this writes (determined by experiment against
/// swift-foundation, and checked by `JSONTextWriterTests`):
/// - strings: `"` and `\` escaped with a backslash; `\b`, `\t`, `\n`, `\f`, `\r` by name; the other
///   C0 controls as `\u00xx` with lowercase hex; everything else, including `/`, DEL, U+2028 and
///   non-ASCII, as its UTF-8 bytes;
/// - integers in decimal; doubles as Swift's `description` without a trailing `.0` (`1`, `0.1`, `-0`,
///   `1e+20`, `1e-07`); non-finite doubles are an error;
/// - no whitespace.
package struct JSONTextWriter {
    /// The JSON written so far.
    package private(set) var bytes: [UInt8]
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false
    #if DEBUG
        /// The open objects and arrays, innermost last; objects remember their last key.
        private var openContainers: [OpenContainer] = []

        private enum OpenContainer {
            case array
            case object(lastKey: String?)
        }
    #endif

    /// An empty writer.
    ///
    /// - Parameter capacity: bytes to reserve, to spare reallocations for payloads of a known size.
    package init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    /// Opens an object (`{`).
    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        #if DEBUG
            openContainers.append(.object(lastKey: nil))
        #endif
    }

    /// Closes the innermost object (`}`).
    package mutating func endObject() {
        #if DEBUG
            guard case .object = openContainers.popLast() else {
                preconditionFailure("JSONTextWriter: endObject() without an open object")
            }
        #endif
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array (`[`).
    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        #if DEBUG
            openContainers.append(.array)
        #endif
    }

    /// Closes the innermost array (`]`).
    package mutating func endArray() {
        #if DEBUG
            guard case .array = openContainers.popLast() else {
                preconditionFailure("JSONTextWriter: endArray() without an open array")
            }
        #endif
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes the key of the next member of the innermost object; its value must follow.
    ///
    /// Keys of one object must come in ascending order of their UTF-8 bytes, the order `.sortedKeys`
    /// gives; debug builds stop on a key out of order.
    package mutating func key(_ name: String) {
        #if DEBUG
            guard case .object(let lastKey) = openContainers.last else {
                preconditionFailure("JSONTextWriter: key '\(name)' outside an object")
            }
            if let lastKey {
                assert(
                    lastKey.utf8.lexicographicallyPrecedes(name.utf8),
                    "JSONTextWriter: key '\(name)' after '\(lastKey)'; write keys in ascending UTF-8 order")
            }
            openContainers[openContainers.count - 1] = .object(lastKey: name)
        #endif
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Scalars

    /// Writes a string, escaped as `JSONEncoder` escapes it.
    package mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer in decimal.
    package mutating func integer(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
        needsComma = true
    }

    /// Writes an integer in decimal.
    package mutating func integer(_ value: Int) {
        integer(Int64(value))
    }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
        needsComma = true
    }

    /// Writes `null`.
    package mutating func null() {
        separate()
        appendASCII("null")
        needsComma = true
    }

    /// Writes a double as `JSONEncoder` does: Swift's shortest round-trip text without a trailing
    /// `.0` (`1`, `0.1`, `-0`, `1e+20`, `1e-07`).
    ///
    /// - Throws: `EncodingError.invalidValue` for NaN and infinities, which JSON cannot hold;
    ///   nothing is written then.
    package mutating func number(_ value: Double) throws(EncodingError) {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [],
                    debugDescription: "Unable to encode Double.\(value) directly in JSON; "
                        + "JSON numbers must be finite, so replace it (e.g. by null or a string)"))
        }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    /// Writes bytes that are already one complete JSON value (a number or quoted text made by a
    /// caller that knows it needs no escaping), e.g. a formatted timestamp.
    ///
    /// - Parameter write: appends the value's bytes to the buffer it is given.
    package mutating func rawValue(_ write: (inout [UInt8]) -> Void) {
        separate()
        write(&bytes)
        needsComma = true
    }

    // MARK: Private

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendDecimal(_ magnitude: UInt64) {
        let start = bytes.count
        var rest = magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in appendEscaped(utf8) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8`, escaping what `JSONEncoder` escapes; unescaped runs are copied whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            appendEscape(of: byte)
            runStart = index + 1
        }
        if runStart < utf8.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    }

    private mutating func appendEscape(of byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            appendASCII("u00")
            hexDigits.withUTF8Buffer { hex in
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}
