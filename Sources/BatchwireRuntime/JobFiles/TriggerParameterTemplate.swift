/// One `parameters:` entry of a trigger: a job parameter's name and the text that makes its value from the
/// message, e.g. `line: "${topic[1]}"` or `batch: "${payload.batchId}"`.
///
/// Placeholders: `${topic[N]}` (a level of the message's topic, from 0), `${payload}` (the whole payload as
/// text), `${payload.a.b}` (a member of a JSON object payload, dotted path), `${upstream.param.NAME}` (a
/// parameter of the upstream run, dataset triggers), `${upstream.execution.id}`. `$${` is a literal `${`.
public struct TriggerParameterTemplate: Sendable, Hashable {
    /// A piece of the template.
    public enum Part: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// `${topic[N]}`.
        case topicLevel(Int)
        /// `${payload}`: the payload as UTF-8 text.
        case payload
        /// `${payload.a.b}`: a member of the JSON payload.
        case payloadMember([String])
        /// `${upstream.param.NAME}`.
        case upstreamParameter(String)
        /// `${upstream.execution.id}`.
        case upstreamExecutionID

        /// The placeholder as written.
        public var placeholder: String {
            switch self {
            case .text(let text): text.replacingOccurrences(of: "${", with: "$${")
            case .topicLevel(let level): "${topic[\(level)]}"
            case .payload: "${payload}"
            case .payloadMember(let path): "${payload.\(path.joined(separator: "."))}"
            case .upstreamParameter(let name): "${upstream.param.\(name)}"
            case .upstreamExecutionID: "${upstream.execution.id}"
            }
        }

        var isMQTT: Bool {
            switch self {
            case .topicLevel, .payload, .payloadMember: true
            default: false
            }
        }

        var isUpstream: Bool {
            switch self {
            case .upstreamParameter, .upstreamExecutionID: true
            default: false
            }
        }
    }

    /// The job parameter it sets.
    public var name: String
    /// The pieces, in order.
    public var parts: [Part]

    /// Parses `text` as the template of parameter `name`.
    /// - Throws: a reason (for the job file's error) when a placeholder is unclosed, unknown or empty.
    public init(name: String, parsing text: String) throws(TriggerTemplateError) {
        self.name = name
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let after = rest[dollar...]
            if after.hasPrefix("$${") {
                literal += "${"
                rest = after.dropFirst(3)
                continue
            }
            guard after.hasPrefix("${") else {
                literal += "$"
                rest = after.dropFirst()
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                throw TriggerTemplateError("\"\(text)\" has a ${ without its closing }")
            }
            let inside = String(after[after.index(after.startIndex, offsetBy: 2)..<close])
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            parts.append(try Self.placeholder(inside))
            rest = after[after.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    private static func placeholder(_ inside: String) throws(TriggerTemplateError) -> Part {
        if inside == "payload" { return .payload }
        if inside == "upstream.execution.id" { return .upstreamExecutionID }
        if inside.hasPrefix("topic["), inside.hasSuffix("]") {
            let digits = inside.dropFirst(6).dropLast()
            guard let level = Int(digits), level >= 0, level < 1000 else {
                throw TriggerTemplateError("${\(inside)} needs a topic level from 0, such as ${topic[1]}")
            }
            return .topicLevel(level)
        }
        if inside.hasPrefix("payload.") {
            let path = inside.dropFirst(8).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else {
                throw TriggerTemplateError("${\(inside)} has an empty member name; write ${payload.a.b}")
            }
            return .payloadMember(path)
        }
        if inside.hasPrefix("upstream.param.") {
            let name = String(inside.dropFirst(15))
            guard !name.isEmpty else { throw TriggerTemplateError("${upstream.param.} needs a parameter name") }
            return .upstreamParameter(name)
        }
        throw TriggerTemplateError(
            "${\(inside)} is not a trigger placeholder; use ${topic[N]}, ${payload}, ${payload.member}, "
                + "${upstream.param.NAME} or ${upstream.execution.id} ($${ for a literal ${)")
    }
}

/// Why a trigger parameter's template is invalid.
public struct TriggerTemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
