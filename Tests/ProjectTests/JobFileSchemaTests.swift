import BatchwireRuntime
import Foundation
import Testing

/// docs/job-file.schema.json is what editors validate against; it must allow exactly the keys the
/// parser allows, part by part, and the same enumerations.
@Suite struct JobFileSchemaTests {
    private static func schema() throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("docs/job-file.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static func definition(_ name: String) throws -> [String: Any] {
        let definitions = try #require(try schema()["$defs"] as? [String: Any])
        return try #require(definitions[name] as? [String: Any], "schema has no $defs/\(name)")
    }

    private static func properties(_ object: [String: Any]) throws -> [String: Any] {
        try #require(object["properties"] as? [String: Any])
    }

    @Test(arguments: ["job", "parameter", "dataset", "step", "schedule", "exitCode"])
    func schemaAndParserAllowTheSameKeys(part: String) throws {
        let schemaKeys = Set(try Self.properties(try Self.definition(part)).keys)
        #expect(schemaKeys == Set(JobFileParser.allowedKeys[part] ?? []))
    }

    @Test func nestedPartsAgreeToo() throws {
        let job = try Self.properties(try Self.definition("job"))
        let mqtt = try #require(job["mqtt"] as? [String: Any])
        let lineage = try #require(job["lineage"] as? [String: Any])
        #expect(Set(try Self.properties(mqtt).keys) == Set(JobFileParser.allowedKeys["mqtt"] ?? []))
        #expect(Set(try Self.properties(lineage).keys) == Set(JobFileParser.allowedKeys["lineage"] ?? []))
    }

    /// The `triggers:` items and their two kinds.
    @Test func triggerPartsAgree() throws {
        #expect(Set(try Self.properties(try Self.definition("trigger")).keys) == Set(JobFileParser.allowedKeys["trigger"] ?? []))
        #expect(
            Set(try Self.properties(try Self.definition("mqttTrigger")).keys) == Set(JobFileParser.allowedKeys["mqttTrigger"] ?? []))
        #expect(
            Set(try Self.properties(try Self.definition("datasetTrigger")).keys)
                == Set(JobFileParser.allowedKeys["datasetTrigger"] ?? []))
        let job = try Self.properties(try Self.definition("job"))
        #expect(Set(((job["overlap"] as? [String: Any])?["enum"] as? [String]) ?? []) == Set(ScheduleDefinition.Overlap.allCases.map(\.rawValue)))
    }

    /// The settings of the http and mqtt step kinds, and the kinds the step's oneOf lists.
    @Test func stepKindsAgree() throws {
        #expect(Set(try Self.properties(try Self.definition("httpStep")).keys) == Set(JobFileParser.allowedKeys["http"] ?? []))
        let mqtt = try Self.properties(try Self.definition("mqttStep"))
        #expect(Set(mqtt.keys) == Set(JobFileParser.allowedKeys["mqttStep"] ?? []))
        let reply = try #require(mqtt["reply"] as? [String: Any])
        #expect(Set(try Self.properties(reply).keys) == Set(JobFileParser.allowedKeys["mqttReply"] ?? []))
        let http = try Self.properties(try Self.definition("httpStep"))
        #expect(Set(((http["method"] as? [String: Any])?["enum"] as? [String]) ?? []) == Set(HTTPStepDefinition.methods))
        let oneOf = try #require(try Self.definition("step")["oneOf"] as? [[String: Any]])
        #expect(Set(oneOf.compactMap { ($0["required"] as? [String])?.first }) == Set(StepKind.allCases.map(\.rawValue)))
    }

    @Test func enumerationsMatchTheCode() throws {
        let job = try Self.properties(try Self.definition("job"))
        let schedule = try Self.properties(try Self.definition("schedule"))
        func values(_ property: Any?) -> Set<String> { Set(((property as? [String: Any])?["enum"] as? [String]) ?? []) }
        #expect(values(job["incrementer"]) == Set(IncrementerKind.allCases.map(\.rawValue)))
        #expect(values(schedule["misfire"]) == Set(ScheduleDefinition.Misfire.allCases.map(\.rawValue)))
        #expect(values(schedule["overlap"]) == Set(ScheduleDefinition.Overlap.allCases.map(\.rawValue)))
    }
}
