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

    @Test func enumerationsMatchTheCode() throws {
        let job = try Self.properties(try Self.definition("job"))
        let schedule = try Self.properties(try Self.definition("schedule"))
        func values(_ property: Any?) -> Set<String> { Set(((property as? [String: Any])?["enum"] as? [String]) ?? []) }
        #expect(values(job["incrementer"]) == Set(IncrementerKind.allCases.map(\.rawValue)))
        #expect(values(schedule["misfire"]) == Set(ScheduleDefinition.Misfire.allCases.map(\.rawValue)))
        #expect(values(schedule["overlap"]) == Set(ScheduleDefinition.Overlap.allCases.map(\.rawValue)))
    }
}
