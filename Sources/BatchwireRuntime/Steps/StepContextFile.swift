import BatchwireCore
import Foundation

/// The JSON file through which a command step receives its previous ExecutionContext and leaves a new one
/// (`BATCH_STEP_CONTEXT_FILE`).
///
/// The file holds one flat JSON object. Values are strings, numbers and booleans: an integer that fits
/// 64 bits becomes a Long, any other number a Double. Nested objects, arrays and `null` are rejected,
/// since Spring's context only holds scalars here. Integer (`Int32`) values are written as numbers and
/// so come back as Long; non-finite doubles are written as the strings `NaN`, `Infinity`, `-Infinity`.
public enum StepContextFile {
    /// The context as the file's JSON text, one key per line, keys in the context's order.
    public static func encode(_ context: ExecutionContext) -> String {
        guard !context.isEmpty else { return "{}\n" }
        let lines = context.map { key, value in "  " + quoted(key) + ": " + encode(value) }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Reads a context from JSON text.
    ///
    /// - Parameter text: the file's text; empty or blank text is an empty context.
    /// - Throws: ``CommandStepError`` with code `invalidContextFile`, saying where and what is wrong.
    public static func decode(_ text: String) throws(CommandStepError) -> ExecutionContext {
        var parser = StepContextJSONParser(Array(text.utf8))
        return try parser.parseContext()
    }

    /// Writes `context` to `url`, replacing the file.
    ///
    /// - Throws: ``CommandStepError`` with code `fileSystem`.
    public static func write(_ context: ExecutionContext, to url: URL) throws(CommandStepError) {
        do {
            try Data(encode(context).utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandStepError(
                .fileSystem,
                "could not write the step context file \(url.path): \(error.localizedDescription); "
                    + "check that the context directory exists and is writable"
            )
        }
    }

    /// Reads the context a step left at `url`. A missing file is an empty context.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - maximumSize: the largest file accepted, in bytes.
    /// - Throws: ``CommandStepError`` with code `invalidContextFile` (not JSON, nested values, too large,
    ///   not UTF-8) or `fileSystem` (unreadable).
    public static func read(from url: URL, maximumSize: Int = 1 << 20) throws(CommandStepError) -> ExecutionContext {
        let data: Data
        do {
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes != nil else { return ExecutionContext() }
            if let size = attributes?[.size] as? Int, size > maximumSize {
                throw CommandStepError(
                    .invalidContextFile,
                    "the step context file \(url.path) has \(size) bytes, more than the \(maximumSize) allowed; "
                        + "keep only restart state (counters, positions, names) in it"
                )
            }
            data = try Data(contentsOf: url)
        } catch let error as CommandStepError {
            throw error
        } catch {
            throw CommandStepError(
                .fileSystem,
                "could not read the step context file \(url.path): \(error.localizedDescription)"
            )
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CommandStepError(
                .invalidContextFile,
                "the step context file \(url.path) is not UTF-8 text; write it as UTF-8 JSON"
            )
        }
        do {
            return try decode(text)
        } catch {
            throw CommandStepError(.invalidContextFile, "the step context file \(url.path): \(error.message)")
        }
    }

    private static func encode(_ value: ExecutionContext.Value) -> String {
        switch value {
        case .string(let string): quoted(string)
        case .long(let long): String(long)
        case .integer(let integer): String(integer)
        case .boolean(let boolean): boolean ? "true" : "false"
        case .double(let double):
            if double.isNaN {
                quoted("NaN")
            } else if double.isInfinite {
                quoted(double < 0 ? "-Infinity" : "Infinity")
            } else {
                // Swift's shortest round-trip text always has a "." or an exponent, so it reads back as a Double.
                "\(double)"
            }
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
