import BatchwireCore

/// Reads the answer of an `http` or `mqtt` step (a response body, a reply payload): when it is a JSON object
/// with `exitCode` and/or `context` members, they set the step's exit code and context.
///
/// - `exitCode` as a whole number means what a command's exit code means, through the step's `exitCodes`
///   (0 COMPLETED, others FAILED by default); as text it becomes EXIT_CODE (e.g. `NOOP`) and the status stays.
/// - `context` is a flat object of text, numbers and booleans, as in a command step's context file: a whole
///   number that fits 64 bits becomes a Long, any other number a Double. Its keys replace the same keys of the
///   context the step started with; the other keys stay.
///
/// Anything else (not JSON, another JSON value, an object without these members) leaves both as they were.
struct StepReply: Equatable {
    /// The status and EXIT_CODE the answer asks for, if it gives `exitCode`.
    var exit: ExitCodeMapping.Entry?
    /// The EXIT_CODE text the answer gives with the status left alone.
    var exitCodeText: String?
    /// The context after the answer's `context` member.
    var context: ExecutionContext
    /// Why a member could not be used (the step then FAILS).
    var problem: String?

    /// Reads `bytes`.
    /// - Parameters:
    ///   - bytes: the answer.
    ///   - exitCodes: what whole-number exit codes mean.
    ///   - previous: the context the step started with.
    init(_ bytes: [UInt8], exitCodes: ExitCodeMapping, previous: ExecutionContext) {
        context = previous
        guard bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{"),
            case .object(let members)? = try? StrictJSONReader.parse(bytes)
        else { return }
        switch members["exitCode"] {
        case nil, .null?: break
        case .integer(let code)?:
            if let code32 = Int32(exactly: code) {
                exit = exitCodes.entry(for: code32)
            } else {
                problem = "the answer's exitCode \(code) is out of range"
            }
        case .string(let text)?:
            if text.isEmpty || text.count > 100 {
                problem = "the answer's exitCode text must have 1 to 100 characters"
            } else {
                exitCodeText = text
            }
        default:
            problem = "the answer's exitCode must be a whole number or text"
        }
        switch members["context"] {
        case nil, .null?: break
        case .object(let entries)?:
            var updated = previous
            for key in entries.keys.sorted() {
                switch entries[key]! {
                case .string(let text): updated[key] = .string(text)
                case .integer(let number): updated[key] = .long(number)
                case .number(let number): updated[key] = .double(number)
                case .bool(let flag): updated[key] = .boolean(flag)
                default:
                    problem =
                        "the answer's context member \"\(key)\" is not text, a number or a boolean; "
                        + "a context is one flat object"
                    return
                }
            }
            context = updated == previous ? previous : updated
        default:
            problem = "the answer's context must be a flat JSON object"
        }
    }
}
