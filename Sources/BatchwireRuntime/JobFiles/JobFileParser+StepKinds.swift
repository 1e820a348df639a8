import BatchwireCron
import Yams

/// The in-process step kinds of a job file: `http:`, `mqtt:` and `swift:`.
extension JobFileParser {
    /// The step keys that only a command step takes.
    static let commandOnlyKeys = ["shell", "workdir", "env"]

    /// Refuses the step-level keys that mean nothing for `kind`.
    func rejectKeys(_ keys: [String], of map: YAMLMapping, kind: StepKind, name: String) throws {
        for key in keys where map.value(key) != nil {
            let owners = key == "exitCodes" ? "command, http and mqtt steps" : "command steps"
            throw JobFileError(
                map.location(of: key),
                "\"\(key)\" applies to \(owners) only; step \"\(name)\" is a \(kind.rawValue) step")
        }
    }

    /// `http: { url, method, headers, body, expect }`.
    func httpStep(_ map: YAMLMapping, name: String) throws -> StepDefinition {
        try rejectKeys(Self.commandOnlyKeys, of: map, kind: .http, name: name)
        let settings = try YAMLMapping(map.value("http")!, file: map.file, what: "\"http\"")
        try settings.rejectUnknownKeys(Self.keys("http"), in: "\"http\"")
        guard settings.value("url") != nil else { throw JobFileError(settings.location, "\"http\" needs \"url\"") }
        let url = try template(settings, "url")!
        let scheme = url.leadingText.lowercased()
        if !scheme.isEmpty || url.parts.isEmpty, !scheme.hasPrefix("http://"), !scheme.hasPrefix("https://") {
            throw JobFileError(
                settings.location(of: "url"), "\"url\" must start with http:// or https:// (it is \"\(url)\")")
        }
        var http = HTTPStepDefinition(url: url)
        if let method = try settings.string("method") {
            guard HTTPStepDefinition.methods.contains(method) else {
                throw JobFileError(
                    settings.location(of: "method"),
                    "method \"\(method)\" is unknown; use one of: \(HTTPStepDefinition.methods.joined(separator: ", "))"
                )
            }
            http.method = method
        }
        http.headers = try headers(settings)
        http.body = try template(settings, "body")
        http.expect = try expectedStatuses(settings)
        var step = StepDefinition(name: name, http: http)
        try commonSettings(map, into: &step)
        step.exitCodes = try exitCodes(map)
        return step
    }

    /// `mqtt: { topic, payload, qos, reply: { timeout } }`.
    func mqttStep(_ map: YAMLMapping, name: String) throws -> StepDefinition {
        try rejectKeys(Self.commandOnlyKeys, of: map, kind: .mqtt, name: name)
        let settings = try YAMLMapping(map.value("mqtt")!, file: map.file, what: "\"mqtt\"")
        try settings.rejectUnknownKeys(Self.keys("mqttStep"), in: "\"mqtt\"")
        guard settings.value("topic") != nil else { throw JobFileError(settings.location, "\"mqtt\" needs \"topic\"") }
        let topic = try template(settings, "topic")!
        for case .text(let text) in topic.parts where text.contains("+") || text.contains("#") {
            throw JobFileError(settings.location(of: "topic"), "a topic to publish to has no wildcards (+, #)")
        }
        if topic.leadingText.hasPrefix("$") || (topic.parts.isEmpty) {
            throw JobFileError(
                settings.location(of: "topic"), "the topic is empty or starts with \"$\" (reserved for brokers)")
        }
        var mqtt = MQTTStepDefinition(
            topic: topic, payload: try template(settings, "payload") ?? StepTemplate(parts: []))
        if settings.value("qos") != nil {
            guard let qos = try settings.int("qos", atLeast: 0), qos <= 2 else {
                throw JobFileError(settings.location(of: "qos"), "\"qos\" must be 0, 1 or 2")
            }
            mqtt.qos = qos
        }
        if let replyNode = settings.value("reply") {
            let isEmpty = replyNode.mapping?.isEmpty ?? ["", "~", "null"].contains(replyNode.scalar?.string ?? "-")
            mqtt.replyTimeoutSeconds = MQTTStepDefinition.defaultReplyTimeoutSeconds
            if !isEmpty {
                let reply = try YAMLMapping(replyNode, file: map.file, what: "\"reply\"")
                try reply.rejectUnknownKeys(Self.keys("mqttReply"), in: "\"reply\"")
                if let timeout = try reply.string("timeout") {
                    guard let seconds = DurationText.seconds(timeout) else {
                        throw JobFileError(
                            reply.location(of: "timeout"),
                            "timeout \"\(timeout)\" is not a duration such as 90s, 15m, 2h")
                    }
                    mqtt.replyTimeoutSeconds = Double(seconds)
                }
            }
        }
        var step = StepDefinition(name: name, mqtt: mqtt)
        try commonSettings(map, into: &step)
        step.exitCodes = try exitCodes(map)
        return step
    }

    /// `swift: computeTotals`.
    func swiftStep(_ map: YAMLMapping, name: String) throws -> StepDefinition {
        try rejectKeys(Self.commandOnlyKeys + ["exitCodes"], of: map, kind: .swift, name: name)
        guard let registered = try? map.string("swift"), !registered.isEmpty else {
            throw JobFileError(
                map.location(of: "swift"), "\"swift\" names a registered Swift step, e.g. swift: computeTotals")
        }
        var step = StepDefinition(name: name, swiftStepName: registered)
        try commonSettings(map, into: &step)
        return step
    }

    /// The template under `key`, or `nil` when the key is absent.
    private func template(_ map: YAMLMapping, _ key: String, allowFiles: Bool = false) throws -> StepTemplate? {
        guard let text = try map.string(key) else { return nil }
        do {
            return try StepTemplate(parsing: text, allowFiles: allowFiles)
        } catch {
            throw JobFileError(map.location(of: key), "\"\(key)\": \(error.reason)")
        }
    }

    /// `headers: {Name: value}`, in file order; values are templates that may read files.
    private func headers(_ map: YAMLMapping) throws -> [HTTPStepDefinition.Header] {
        guard let node = map.value("headers") else { return [] }
        guard let entries = node.mapping else {
            throw JobFileError(
                YAMLMapping.location(of: node, in: map.file), "\"headers\" must map header names to text")
        }
        var headers: [HTTPStepDefinition.Header] = []
        for (key, value) in entries {
            let location = YAMLMapping.location(of: key, in: map.file)
            guard let name = key.string, !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
                throw JobFileError(location, "a header name has letters, digits and !#$%&'*+-.^_`|~ only")
            }
            guard value.scalar != nil, let text = value.string else {
                throw JobFileError(
                    YAMLMapping.location(of: value, in: map.file), "the value of header \"\(name)\" must be text")
            }
            guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw JobFileError(
                    YAMLMapping.location(of: value, in: map.file), "the value of header \"\(name)\" has a line break")
            }
            do {
                headers.append(.init(name: name, value: try StepTemplate(parsing: text, allowFiles: true)))
            } catch {
                throw JobFileError(YAMLMapping.location(of: value, in: map.file), "header \"\(name)\": \(error.reason)")
            }
        }
        return headers
    }

    /// `expect: [200, 204]` (or one code).
    private func expectedStatuses(_ map: YAMLMapping) throws -> [Int] {
        guard let node = map.value("expect") else { return [] }
        let items = node.sequence.map { Array($0) } ?? [node]
        guard !items.isEmpty else {
            throw JobFileError(map.location(of: "expect"), "\"expect\" lists at least one status code, e.g. [200, 204]")
        }
        return try items.map { item in
            guard item.scalar != nil, let code = item.int, (100...599).contains(code) else {
                throw JobFileError(
                    YAMLMapping.location(of: item, in: map.file), "\"expect\" lists HTTP status codes from 100 to 599")
            }
            return code
        }
    }

    /// RFC 9110's `tchar`.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
