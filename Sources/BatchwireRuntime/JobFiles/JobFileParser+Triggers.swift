import BatchwireCron

/// `triggers:` of a job: MQTT topic filters and datasets whose completion starts a run.
extension JobFileParser {
    func triggers(_ map: YAMLMapping, job: JobDefinition) throws -> [TriggerDefinition] {
        try map.sequence("triggers").map { node in
            let item = try YAMLMapping(node, file: map.file, what: "a trigger")
            try item.rejectUnknownKeys(Self.keys("trigger"), in: "a trigger")
            let kinds = ["mqtt", "dataset"].filter { item.value($0) != nil }
            guard kinds.count == 1 else {
                throw JobFileError(item.location, "a trigger needs exactly one of \"mqtt\" or \"dataset\"")
            }
            if kinds[0] == "mqtt" {
                guard job.mqttTrigger else {
                    throw JobFileError(
                        item.location(of: "mqtt"),
                        "job \"\(job.name)\" declares an mqtt trigger but does not opt in to MQTT starts; add mqtt: {trigger: true} to the job")
                }
                return .mqtt(try mqttTrigger(YAMLMapping(item.value("mqtt")!, file: map.file, what: "an mqtt trigger")))
            }
            return .dataset(try datasetTrigger(YAMLMapping(item.value("dataset")!, file: map.file, what: "a dataset trigger")))
        }
    }

    private func mqttTrigger(_ map: YAMLMapping) throws -> MQTTTriggerDefinition {
        try map.rejectUnknownKeys(Self.keys("mqttTrigger"), in: "an mqtt trigger")
        let topic = try map.requiredString("topic", in: "an mqtt trigger")
        if let problem = Self.topicFilterProblem(topic) {
            throw JobFileError(map.location(of: "topic"), "topic filter \"\(topic)\" \(problem)")
        }
        var trigger = MQTTTriggerDefinition(topic: topic)
        trigger.parameters = try templates(map, allowing: \.isMQTT, kind: "an mqtt trigger")
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false).count
        for template in trigger.parameters {
            for case .topicLevel(let level) in template.parts where level >= levels && !topic.hasSuffix("#") {
                throw JobFileError(
                    map.location(of: "parameters"),
                    "parameter \"\(template.name)\" reads ${topic[\(level)]} but topics matching \"\(topic)\" have \(levels) levels (0 to \(levels - 1))")
            }
        }
        if let text = try map.string("debounce") {
            guard let seconds = DurationText.seconds(text) else {
                throw JobFileError(map.location(of: "debounce"), "debounce \"\(text)\" is not a duration such as 10s or 1m")
            }
            trigger.debounceSeconds = seconds
        }
        return trigger
    }

    private func datasetTrigger(_ map: YAMLMapping) throws -> DatasetTriggerDefinition {
        try map.rejectUnknownKeys(Self.keys("datasetTrigger"), in: "a dataset trigger")
        let dataset = DatasetDefinition(
            namespace: try map.requiredString("namespace", in: "a dataset trigger"),
            name: try map.requiredString("name", in: "a dataset trigger"))
        return DatasetTriggerDefinition(
            dataset: dataset, parameters: try templates(map, allowing: \.isUpstream, kind: "a dataset trigger"))
    }

    /// `parameters: {name: template}`, each placeholder of the kind the trigger can fill.
    private func templates(
        _ map: YAMLMapping, allowing allowed: (TriggerParameterTemplate.Part) -> Bool, kind: String
    ) throws -> [TriggerParameterTemplate] {
        try map.stringMap("parameters").sorted { $0.key < $1.key }.map { name, text in
            guard !name.isEmpty else { throw JobFileError(map.location(of: "parameters"), "a parameter name is empty") }
            let template: TriggerParameterTemplate
            do {
                template = try TriggerParameterTemplate(name: name, parsing: text)
            } catch let error as TriggerTemplateError {
                throw JobFileError(map.location(of: "parameters"), "parameter \"\(name)\": \(error.description)")
            }
            for part in template.parts {
                if case .text = part { continue }
                guard allowed(part) else {
                    throw JobFileError(
                        map.location(of: "parameters"),
                        "parameter \"\(name)\": \(part.placeholder) cannot be used in \(kind)")
                }
            }
            return template
        }
    }

    /// Why `filter` is not an MQTT topic filter, or `nil`.
    static func topicFilterProblem(_ filter: String) -> String? {
        if filter.isEmpty { return "is empty" }
        if filter.hasPrefix("$share/") { return "must not be a shared subscription: Batchwire shares it across nodes itself" }
        if filter.utf8.count > 1024 { return "is longer than 1,024 bytes" }
        let levels = filter.split(separator: "/", omittingEmptySubsequences: false)
        for (index, level) in levels.enumerated() {
            if level.contains("#") && (level != "#" || index != levels.count - 1) {
                return "uses # other than as the whole last level"
            }
            if level.contains("+") && level != "+" { return "uses + other than as a whole level" }
        }
        return nil
    }
}
