/// A forward-only reader of one JSON object's top-level members, straight from its UTF-8 bytes: what the
/// relay uses to route an event (``EventRoutingFields``) and to read a job status change
/// (``StatusChangePayload``) without a `JSONDecoder`.
///
/// It does not validate nested values (it skips them, minding strings so their brackets do not count) and
/// it stops at the first byte that is not well-formed JSON where it looks.
struct TopLevelJSONScanner {
    /// A member's value as found.
    enum Value {
        /// A string: the bytes between the quotes, and whether they hold an escape sequence (then they are
        /// not the string's text).
        case string(UnsafeBufferPointer<UInt8>, escaped: Bool)
        /// A number, `true`, `false` or `null`: its bytes.
        case literal(UnsafeBufferPointer<UInt8>)
        /// An object or an array (skipped).
        case nested
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Calls `member` with each top-level key (its bytes between the quotes) and value, in order.
    ///
    /// - Returns: `true` when the whole object was read up to its closing brace; `false` when the bytes are not
    ///   a JSON object or break off (the members before the break were reported).
    @discardableResult
    mutating func scanMembers(_ member: (UnsafeBufferPointer<UInt8>, Value) -> Void) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard peek == Self.quote, let (key, _) = string() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard let value = value() else { return false }
            member(key, value)
            skipSpace()
            if take(UInt8(ascii: "}")) { return true }
            guard take(UInt8(ascii: ",")) else { return false }
        }
    }

    /// Whether `bytes` spell `text`.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && text.withUTF8Buffer { expected in bytes.elementsEqual(expected) }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func value() -> Value? {
        switch peek {
        case Self.quote:
            return string().map { .string($0.content, escaped: $0.escaped) }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipNested() ? .nested : nil
        case nil:
            return nil
        default:
            let start = position
            while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "}"), byte != 0x20, byte != 0x0A,
                byte != 0x0D, byte != 0x09
            {
                position += 1
            }
            guard position > start else { return nil }
            return .literal(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        }
    }

    /// Reads a string at `position` (its opening quote): the bytes between the quotes.
    private mutating func string() -> (content: UnsafeBufferPointer<UInt8>, escaped: Bool)? {
        guard take(Self.quote) else { return nil }
        let start = position
        var escaped = false
        while let byte = peek {
            if byte == Self.quote {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return (content, escaped)
            }
            if byte == Self.backslash {
                escaped = true
                position += 2
            } else {
                position += 1
            }
        }
        return nil
    }

    /// Skips an object or array at `position`, up to and including its closing bracket.
    private mutating func skipNested() -> Bool {
        var depth = 0
        while let byte = peek {
            switch byte {
            case Self.quote:
                guard string() != nil else { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    position += 1
                    return true
                }
            default:
                break
            }
            position += 1
        }
        return false
    }
}
