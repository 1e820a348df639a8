/// Text with placeholders, as the `http` and `mqtt` settings of a step take it:
/// `${param.NAME}`, `${job.name}`, `${execution.id}`, `${instance.id}`, `${step.name}`, `${env.NAME}`, and in
/// header values only `${file:/path}`. `$${` stands for a literal `${`.
///
/// The text is checked when the job file is read (an unknown placeholder is an error there); the values are
/// put in when the step runs (``StepTemplateValues``). Values are inserted as text, unescaped.
public struct StepTemplate: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// A piece of a template.
    public enum Part: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// `${param.NAME}`: a job parameter's value as stored (`PARAMETER_VALUE`).
        case parameter(String)
        /// `${job.name}`.
        case jobName
        /// `${execution.id}`: the JOB_EXECUTION_ID.
        case executionID
        /// `${instance.id}`: the JOB_INSTANCE_ID.
        case instanceID
        /// `${step.name}`.
        case stepName
        /// `${env.NAME}`: a variable of the node's environment (kept out of logs and exit messages).
        case environment(String)
        /// `${file:/path}`: a file's contents without its trailing line break (header values only; kept out of
        /// logs and exit messages).
        case file(String)

        /// The placeholder as written, e.g. `${param.batch}`.
        var placeholder: String {
            switch self {
            case .text(let text): return text.replacingOccurrences(of: "${", with: "$${")
            case .parameter(let name): return "${param.\(name)}"
            case .jobName: return "${job.name}"
            case .executionID: return "${execution.id}"
            case .instanceID: return "${instance.id}"
            case .stepName: return "${step.name}"
            case .environment(let name): return "${env.\(name)}"
            case .file(let path): return "${file:\(path)}"
            }
        }

        /// Whether the value may be a secret: environment variables and files.
        var isSecret: Bool {
            switch self {
            case .environment, .file: return true
            default: return false
            }
        }
    }

    /// The pieces, in order.
    public let parts: [Part]

    /// Parses `text`.
    /// - Parameters:
    ///   - text: the template as written.
    ///   - allowFiles: whether `${file:/path}` may occur (header values only).
    /// - Throws: ``StepTemplateError`` for an unclosed or unknown placeholder, an empty name, a relative file
    ///   path, or a file placeholder where none is allowed.
    public init(parsing text: String, allowFiles: Bool = false) throws(StepTemplateError) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                literal += "${"
                rest = after.dropFirst(2)
                continue
            }
            guard after.hasPrefix("{") else {
                literal += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                throw StepTemplateError("\"${\" without a closing \"}\"; write $${ for a literal ${")
            }
            let name = String(after[after.index(after: after.startIndex)..<close])
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            parts.append(try Self.placeholder(name, allowFiles: allowFiles))
            rest = after[after.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    /// A template of these parts.
    init(parts: [Part]) {
        self.parts = parts
    }

    /// A template without placeholders (or one that is known to be valid).
    public init(stringLiteral value: String) {
        self = (try? StepTemplate(parsing: value, allowFiles: true)) ?? StepTemplate(parts: [.text(value)])
    }

    private static func placeholder(_ name: String, allowFiles: Bool) throws(StepTemplateError) -> Part {
        func named(_ prefix: String, _ make: (String) -> Part) throws(StepTemplateError) -> Part {
            let value = String(name.dropFirst(prefix.count))
            guard !value.isEmpty else { throw StepTemplateError("\"${\(name)}\" needs a name after \"\(prefix)\"") }
            return make(value)
        }
        switch name {
        case "job.name": return .jobName
        case "execution.id": return .executionID
        case "instance.id": return .instanceID
        case "step.name": return .stepName
        default: break
        }
        if name.hasPrefix("param.") { return try named("param.", Part.parameter) }
        if name.hasPrefix("env.") { return try named("env.", Part.environment) }
        if name.hasPrefix("file:") {
            guard allowFiles else {
                throw StepTemplateError("\"${\(name)}\": files can only be read into header values")
            }
            let path = try named("file:", Part.file)
            guard case .file(let text) = path, text.hasPrefix("/") else {
                throw StepTemplateError("\"${\(name)}\" needs an absolute path, e.g. ${file:/etc/batchwire/token}")
            }
            return path
        }
        throw StepTemplateError(
            "unknown placeholder \"${\(name)}\"; use ${param.NAME}, ${job.name}, ${execution.id}, ${instance.id}, "
                + "${step.name}, ${env.NAME} or (in header values) ${file:/path}")
    }

    /// The names of the job parameters the template uses.
    public var parameterNames: [String] {
        parts.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// The template as written (with placeholders, never their values): safe for logs and exit messages.
    public var description: String { parts.map(\.placeholder).joined() }

    /// The literal text the template starts with.
    var leadingText: String {
        if case .text(let text)? = parts.first { return text }
        return ""
    }
}

/// Why a template in a job file cannot be used, or why its values could not be put in when the step ran.
public struct StepTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and what would be right.
    public let reason: String

    /// An error.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
