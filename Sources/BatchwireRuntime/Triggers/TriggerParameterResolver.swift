import BatchwireCore

/// Makes a triggered run's job parameters from the trigger's templates and what fired it, typed against the
/// job file's declared parameters the way command parameters are: a declared parameter takes its declared
/// type and identifying flag, an undeclared one is a string (a JSON number a long or double, `true`/`false`
/// a boolean), identifying. A message that cannot give them is refused whole: no partial run.
enum TriggerParameterResolver {
    /// Why a message gave no parameters: the outcome to record and the reason.
    struct Refusal: Error, Sendable, Equatable {
        let outcome: TriggerFireEvent.Outcome
        let reason: String
    }

    /// A value before typing.
    private enum Raw {
        case text(String)
        case json(JSONValue)
        case typed(JobParameter.Value)
    }

    /// The parameters `templates` make from `input`, for `job`.
    /// - Throws: ``Refusal``.
    static func parameters(
        _ templates: [TriggerParameterTemplate], input: TriggerInput, job: JobDefinition
    ) throws(Refusal) -> JobParameters {
        let declared: JobParameters
        do {
            declared = try job.defaultParameters()
        } catch {
            throw Refusal(outcome: .refused, reason: "the job file of '\(job.name)' declares parameters that do not fit their types; fix it")
        }
        var payload: JSONValue?
        var parameters = JobParameters()
        for template in templates {
            let raw = try evaluate(template, input: input, payload: &payload)
            let expected = declared[template.name]
            let value = try typed(raw, name: template.name, declared: expected)
            parameters[template.name] = JobParameter(value, identifying: expected?.isIdentifying ?? true)
        }
        return parameters
    }

    private static func evaluate(
        _ template: TriggerParameterTemplate, input: TriggerInput, payload: inout JSONValue?
    ) throws(Refusal) -> Raw {
        if template.parts.count == 1 {
            switch template.parts[0] {
            case .payloadMember(let path): return .json(try member(path, input: input, payload: &payload))
            case .upstreamParameter(let name): return .typed(try upstreamParameter(name, input: input).value)
            case .upstreamExecutionID: return .typed(.long(try upstream(input).executionID))
            default: break
            }
        }
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let literal):
                text += literal
            case .topicLevel(let level):
                guard case .message(let message) = input else { throw notAvailable(part) }
                let levels = message.topic.split(separator: "/", omittingEmptySubsequences: false)
                guard level < levels.count else {
                    throw Refusal(
                        outcome: .missingMember,
                        reason: "parameter '\(template.name)' reads ${topic[\(level)]} but topic '\(message.topic)' has \(levels.count) levels")
                }
                text += levels[level]
            case .payload:
                guard case .message(let message) = input else { throw notAvailable(part) }
                guard let string = String(validating: message.payload, as: UTF8.self) else {
                    throw Refusal(outcome: .malformed, reason: "the payload is not UTF-8 text, so ${payload} cannot be a parameter")
                }
                text += string
            case .payloadMember(let path):
                text += try scalarText(try member(path, input: input, payload: &payload), name: template.name, part: part)
            case .upstreamParameter(let name):
                text += try upstreamParameter(name, input: input).value.databaseValue
            case .upstreamExecutionID:
                text += String(try upstream(input).executionID)
            }
        }
        return .text(text)
    }

    private static func member(_ path: [String], input: TriggerInput, payload: inout JSONValue?) throws(Refusal) -> JSONValue {
        guard case .message(let message) = input else { throw notAvailable(.payloadMember(path)) }
        if payload == nil {
            do {
                payload = try StrictJSONReader.parse(message.payload)
            } catch {
                throw Refusal(outcome: .malformed, reason: "the payload is not JSON (\(error)), so ${payload.\(path.joined(separator: "."))} cannot be read")
            }
        }
        var value = payload!
        for (depth, name) in path.enumerated() {
            guard case .object(let members) = value else {
                let at = depth == 0 ? "the payload" : "payload.\(path[..<depth].joined(separator: "."))"
                throw Refusal(outcome: .malformed, reason: "\(at) is not a JSON object, so member '\(name)' cannot be read")
            }
            guard let next = members[name], next != .null else {
                throw Refusal(
                    outcome: .missingMember, reason: "the payload has no member payload.\(path[...depth].joined(separator: "."))")
            }
            value = next
        }
        return value
    }

    private static func scalarText(_ value: JSONValue, name: String, part: TriggerParameterTemplate.Part) throws(Refusal) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return JobParameter.Value.double(number).databaseValue
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object:
            throw Refusal(outcome: .refused, reason: "parameter '\(name)': \(part.placeholder) is not a single value")
        }
    }

    private static func upstream(_ input: TriggerInput) throws(Refusal) -> UpstreamCompletion {
        guard case .upstream(let completion) = input else { throw notAvailable(.upstreamExecutionID) }
        return completion
    }

    private static func upstreamParameter(_ name: String, input: TriggerInput) throws(Refusal) -> JobParameter {
        let completion = try upstream(input)
        guard let parameter = completion.parameters[name] else {
            throw Refusal(
                outcome: .missingMember,
                reason: "upstream execution \(completion.executionID) of '\(completion.jobName)' has no parameter '\(name)'")
        }
        return parameter
    }

    private static func notAvailable(_ part: TriggerParameterTemplate.Part) -> Refusal {
        Refusal(outcome: .refused, reason: "\(part.placeholder) has no value for this kind of trigger")
    }

    private static func typed(_ raw: Raw, name: String, declared: JobParameter?) throws(Refusal) -> JobParameter.Value {
        func parse(_ text: String, _ kind: JobParameter.Kind) throws(Refusal) -> JobParameter.Value {
            do {
                return try JobParameter.Value(parsing: text, as: kind, name: name)
            } catch {
                throw Refusal(outcome: .refused, reason: "parameter '\(name)': \(error.message)")
            }
        }
        switch raw {
        case .text(let text):
            return try declared.map { p throws(Refusal) in try parse(text, p.kind) } ?? .string(text)
        case .typed(let value):
            guard let declared, declared.kind != value.kind else { return value }
            return try parse(value.databaseValue, declared.kind)
        case .json(let value):
            let kind = declared?.kind
            switch (value, kind) {
            case (.string(let text), _):
                return try kind.map { k throws(Refusal) in try parse(text, k) } ?? .string(text)
            case (.integer(let number), nil), (.integer(let number), .long?):
                return .long(number)
            case (.integer(let number), .some(let kind)):
                return try parse(String(number), kind)
            case (.number(let number), nil), (.number(let number), .double?):
                return .double(number)
            case (.number(let number), .some(let kind)):
                return try parse(JobParameter.Value.double(number).databaseValue, kind)
            case (.bool(let flag), nil), (.bool(let flag), .boolean?):
                return .boolean(flag)
            case (.bool(let flag), .some(let kind)):
                return try parse(flag ? "true" : "false", kind)
            case (.null, _), (.array, _), (.object, _):
                throw Refusal(outcome: .refused, reason: "parameter '\(name)': the payload member is not a single value")
            }
        }
    }
}
