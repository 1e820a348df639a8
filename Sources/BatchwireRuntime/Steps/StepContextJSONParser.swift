import BatchwireCore

/// A strict JSON reader for one flat object of scalars: the only shape a step context file may have.
///
/// Hand-written rather than `JSONSerialization` so that the number's text decides Long vs Double
/// (`1` vs `1.0`), `true` is never confused with `1`, and errors say line, column and key.
struct StepContextJSONParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input as one object.
    mutating func parseContext() throws(CommandStepError) -> ExecutionContext {
        var context = ExecutionContext()
        skipWhitespace()
        guard index < bytes.count else { return context }
        guard bytes[index] == UInt8(ascii: "{") else {
            throw error("expected a JSON object such as {\"count\": 3}")
        }
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                let key = try parseString()
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { throw error("expected \":\" after the key \"\(key)\"") }
                index += 1
                skipWhitespace()
                context[key] = try parseValue(key: key)
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    index += 1
                } else if peek == UInt8(ascii: "}") {
                    index += 1
                    break
                } else {
                    throw error("expected \",\" or \"}\" after the value of \"\(key)\"")
                }
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the closing \"}\"") }
        context.clearDirtyFlag()
        return context
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private mutating func parseValue(key: String) throws(CommandStepError) -> ExecutionContext.Value {
        switch peek {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .boolean(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .boolean(false)
        case UInt8(ascii: "n"):
            throw error("the value of \"\(key)\" is null; leave the key out instead")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw error(
                "the value of \"\(key)\" is a nested object or array, which a step context cannot hold; "
                    + "use flat keys such as \"\(key).part\" or put the JSON text in a string"
            )
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            return try parseNumber(key: key)
        default:
            throw error("expected a value for \"\(key)\": a string, a number, true or false")
        }
    }

    private mutating func expectWord(_ word: String) throws(CommandStepError) {
        let wordBytes = Array(word.utf8)
        guard bytes.count - index >= wordBytes.count, Array(bytes[index..<index + wordBytes.count]) == wordBytes else {
            throw error("expected \(word)")
        }
        index += wordBytes.count
    }

    private mutating func parseNumber(key: String) throws(CommandStepError) -> ExecutionContext.Value {
        let start = index
        var isInteger = true
        func digits() -> Int {
            let from = index
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - from
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            index = start
            throw error("the value of \"\(key)\" is not a valid JSON number")
        }
        if peek == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw error("the value of \"\(key)\" needs digits after \".\"") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("the value of \"\(key)\" needs digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let long = Int64(text) {
            return .long(long)
        }
        guard let double = Double(text) else { throw error("the value of \"\(key)\" is not a valid number") }
        return .double(double)
    }

    private mutating func parseString() throws(CommandStepError) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws(CommandStepError) {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = peek else { throw error("a string is not closed with \"") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                scalars.append(try parseEscape())
            case 0..<0x20:
                throw error("a string contains a raw control character; escape it (\\n, \\t, \\u0001)")
            default:
                run.append(byte)
            }
        }
    }

    private mutating func parseEscape() throws(CommandStepError) -> Unicode.Scalar {
        guard let byte = peek else { throw error("a string ends inside an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("a \\u escape is half of a surrogate pair")
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u escape is half of a surrogate pair") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("a \\u escape is half of a surrogate pair") }
            return scalar
        default:
            throw error("a string has an unknown escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private mutating func parseHex4() throws(CommandStepError) -> UInt32 {
        guard bytes.count - index >= 4,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("a \\u escape needs four hex digits") }
        index += 4
        return value
    }

    /// An error at the current position, with line and column (1-based, column in bytes).
    private func error(_ reason: String) -> CommandStepError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return CommandStepError(.invalidContextFile, "line \(line), column \(column): \(reason)")
    }
}
