import BatchwireCore
import Foundation

/// The JSON file through which a command step receives its previous ExecutionContext and leaves a new one
/// (`BATCH_STEP_CONTEXT_FILE`).
///
/// The file holds one flat JSON object. Values are strings, numbers and booleans: an integer that fits
/// 64 bits becomes a Long, any other number a Double. Nested objects, arrays and `null` are rejected,
/// since Spring's context only holds scalars here. Integer (`Int32`) values are written as numbers and
/// so come back as Long; non-finite doubles are written as the strings `NaN`, `Infinity`, `-Infinity`.
///
/// Java objects that Spring wrote (a `Date`, a `BigDecimal`, a `LinkedHashMap`, …) are written as their
/// Java text (`toString()`, dates in UTC). A step that leaves that text unchanged gets the original object
/// back into the context (``merging(_:into:)``). Objects of classes Batchwire cannot read are left out of
/// the file and kept in the context as they were (``ExecutionContext/unreadableEntries``).
public enum StepContextFile {
    /// The context as the file's JSON text, one key per line, keys in the context's order.
    public static func encode(_ context: ExecutionContext) -> String {
        let lines = context.compactMap { key, value -> String? in
            if case .java(let object) = value, !object.isReadable { return nil }
            return "  " + quoted(key) + ": " + encode(value)
        }
        guard !lines.isEmpty else { return "{}\n" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// The context a step left, with what the file could not carry taken from the context it was given:
    /// Java objects whose text the step left unchanged become the original objects again, and unreadable
    /// objects (which the file left out) stay unless the step wrote the key.
    ///
    /// - Parameters:
    ///   - written: the context read from the file after the step ran.
    ///   - previous: the context the file was written from.
    public static func merging(_ written: ExecutionContext, into previous: ExecutionContext) -> ExecutionContext {
        var result = written
        for (key, value) in previous {
            guard case .java(let object) = value else { continue }
            if !object.isReadable {
                if result[key] == nil { result[key] = value }
            } else if result[key] == .string(object.description) {
                result[key] = value
            }
        }
        if result == previous { return previous }
        return result
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
        case .java(let object): quoted(object.description)
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
