import Logging

/// A log handler that writes every entry on one line: control characters in the message, the metadata
/// (keys and values, nested ones too) and the source are escaped (`\n`, `\r`, `\t`, `\u{1B}`, …) before
/// the wrapped handler formats them.
///
/// Text from outside (MQTT commands, job files, parameters, step output) reaches log messages and
/// metadata; unescaped, a newline in a job name wrote a second, forged log line, and NUL bytes passed
/// through to log files.
public struct ControlCharacterEscapingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    /// Escapes entries, then hands them to `wrapped`.
    public init(wrapping wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var escaped = event
        escaped.message = Logger.Message(stringLiteral: Self.escape(event.message.description))
        escaped.metadata = event.metadata.map(Self.escape)
        wrapped.log(event: escaped)
    }

    /// `text` with every control character (C0, DEL, C1, and the Unicode line and paragraph separators)
    /// written as an escape; all other text unchanged.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func escape(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var escaped: Logger.Metadata = [:]
        for (key, value) in metadata { escaped[escape(key)] = escape(value) }
        return escaped
    }

    private static func escape(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(escape(text))
        case .stringConvertible(let convertible): .string(escape(convertible.description))
        case .array(let values): .array(values.map(escape))
        case .dictionary(let values): .dictionary(escape(values))
        }
    }
}
