@testable import BatchwireCommands
import BatchwireCore
import BatchwireTestBasics
import Foundation
import Testing

@testable import BatchwireRuntime

/// `docs/commands.md` and `docs/commands.schema.json` against the code: every example is valid against
/// the schema and accepted by the handler's checks, the error codes are the same three times over, and
/// real replies from a running handler are valid against the schema.
@Suite("Command documentation")
struct CommandDocumentationTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let guide = repositoryRoot.appendingPathComponent("docs/commands.md")
    static let schema = repositoryRoot.appendingPathComponent("docs/commands.schema.json")
    static let validator = repositoryRoot.appendingPathComponent("Tests/BatchwireEventsTests/validate.py")

    /// The JSON blocks of the guide that follow a `<!-- schema: name -->` marker.
    static func examples() throws -> [(definition: String, json: String)] {
        let text = try String(contentsOf: guide, encoding: .utf8)
        var examples: [(String, String)] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- schema: "), line.hasSuffix(" -->") {
                let definition = String(line.dropFirst("<!-- schema: ".count).dropLast(" -->".count))
                index += 1
                guard index < lines.count, lines[index] == "```json" else { break }
                var body: [String] = []
                index += 1
                while index < lines.count, lines[index] != "```" {
                    body.append(lines[index])
                    index += 1
                }
                examples.append((definition, body.joined(separator: "\n")))
            }
            index += 1
        }
        return examples
    }

    /// Validates each document against `$defs/<definition>` of the commands schema (or the whole schema
    /// for `nil`) with the events tests' validator. Never skips: a missing `jsonschema` fails.
    static func validate(_ documents: [(definition: String?, json: String)]) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-commands-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: schema, to: folder.appendingPathComponent("commands.schema.json"))
        var groups: [String: [String]] = [:]
        for (index, document) in documents.enumerated() {
            let file = folder.appendingPathComponent("document-\(index).json.txt")
            try document.json.write(to: file, atomically: true, encoding: .utf8)
            groups[document.definition ?? "", default: []].append(file.path)
        }
        for (definition, files) in groups.sorted(by: { $0.key < $1.key }) {
            var schemaFile = folder.appendingPathComponent("commands.schema.json")
            if !definition.isEmpty {
                schemaFile = folder.appendingPathComponent("wrapper-\(definition).json")
                let wrapper =
                    #"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:test:"#
                    + definition + #"","$ref":"urn:batchwire:schema:commands:1#/$defs/"# + definition + #""}"#
                try wrapper.write(to: schemaFile, atomically: true, encoding: .utf8)
            }
            let result = try run(["python3", validator.path, schemaFile.path] + files)
            if result.status == 3 {
                Issue.record(
                    Comment(rawValue: "validate.py could not import jsonschema: pip install jsonschema\n\(result.text)")
                )
            } else if result.status != 0 {
                let shown = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
                let target = definition.isEmpty ? "the schema" : definition
                let message = "validation against \(target) failed:\n\(result.text)\n" + shown.joined(separator: "\n")
                Issue.record(Comment(rawValue: message))
            }
        }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func everyExampleIsValidAndAccepted() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 14, "found \(examples.count) annotated examples")
        let verbs: [String: CommandVerb] = [
            "startCommand": .start, "startNextCommand": .startNext, "restartCommand": .restart,
            "stopCommand": .stop, "abandonCommand": .abandon, "pauseCommand": .pause, "resumeCommand": .resume,
            "listCommand": .list,
        ]
        #expect(Set(examples.map(\.definition)).isSuperset(of: verbs.keys), "every verb has an example")
        for example in examples {
            if let verb = verbs[example.definition] {
                #expect(throws: Never.self, "\(example.json)") {
                    try CommandPayload.request(
                        verb: verb,
                        object: try CommandPayload.object(from: Array(example.json.utf8))
                    )
                }
            } else {
                #expect(throws: Never.self, "\(example.json)") { try StrictJSONReader.parse(Array(example.json.utf8)) }
            }
        }
        try Self.validate(examples.map { ($0.definition, $0.json) })
    }

    @Test func theSchemaRefusesWhatTheHandlerRefuses() throws {
        // validate.py must fail these, or the schema is too lax.
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-commands-negative-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.schema, to: folder.appendingPathComponent("commands.schema.json"))
        let cases: [(String, String)] = [
            ("startCommand", #"{"job":"x","jobb":1}"#), ("startCommand", #"{"parameters":{}}"#),
            ("stopCommand", #"{"executionId":"7"}"#), ("startCommand", #"{"job":"x","parameters":{"a":[1]}}"#),
            ("errorReply", #"{"ok":false,"node":"n","error":{"code":"NOPE","message":"m"}}"#),
        ]
        for (index, (definition, json)) in cases.enumerated() {
            let wrapper = folder.appendingPathComponent("wrapper-\(index).json")
            let reference = "urn:batchwire:schema:commands:1#/$defs/\(definition)"
            let text =
                #"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:test:n\#(index)","$ref":""#
                + reference + #""}"#
            try text.write(to: wrapper, atomically: true, encoding: .utf8)
            let document = folder.appendingPathComponent("document-\(index).txt")
            try json.write(to: document, atomically: true, encoding: .utf8)
            let result = try Self.run(["python3", Self.validator.path, wrapper.path, document.path])
            #expect(result.status == 1, "\(definition) accepted \(json): \(result.text)")
        }
    }

    @Test func theErrorCodesAgreeEverywhere() throws {
        let codes = CommandError.Code.all.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        let guide = try String(contentsOf: Self.guide, encoding: .utf8)
        let table = guide.components(separatedBy: "## Error codes")[1].components(separatedBy: "\n## ")[0]
        let documented = table.components(separatedBy: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).components(separatedBy: "`").first
        }
        #expect(documented == codes)
        let schema = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: Self.schema))
        let enumeration = schema.objectValue?["$defs"]?.objectValue?["errorReply"]?.objectValue?["properties"]?
            .objectValue?["error"]?.objectValue?["properties"]?.objectValue?["code"]?.objectValue?["enum"]
        #expect(enumeration == .array(codes.map { .string($0) }))
    }

    @Test(.needs(.mqtt)) func realRepliesAreValidAgainstTheSchema() async throws {
        try await withCommandFixture(.sqlite) { fixture in
            try await fixture.startHandler()
            var replies: [Reply] = []
            let started = try await fixture.request("start", #"{"job":"sleeper"}"#)
            let id = try #require(started.executionId, "\(started.text)")
            replies.append(started)
            try await eventually("execution \(id) to run", within: 30) {
                try await fixture.store.explorer.getJobExecution(id: id)?.status == .started
            }
            for (verb, payload) in [
                ("list", "{}"), ("stop", #"{"executionId":\#(id)}"#), ("pause", #"{"job":"quick","reason":"r"}"#),
                ("resume", #"{"job":"quick"}"#), ("start", #"{"job":"locked"}"#), ("start", "{"),
                ("nonsense", "{}"), ("stop", #"{"executionId":"x"}"#),
            ] {
                replies.append(try await fixture.request(verb, payload))
            }
            _ = await fixture.jobOperator.launcher.waitForExecution(id)
            replies.append(try await fixture.request("restart", #"{"executionId":\#(id)}"#))
            let next = try await fixture.request("start-next", #"{"job":"quick"}"#)
            replies.append(next)
            if let second = replies[replies.count - 2].executionId {
                replies.append(try await fixture.request("stop", #"{"executionId":\#(second)}"#))
                _ = await fixture.jobOperator.launcher.waitForExecution(second)
                replies.append(try await fixture.request("abandon", #"{"executionId":\#(second)}"#))
            }
            if let nextID = next.executionId { _ = await fixture.jobOperator.launcher.waitForExecution(nextID) }
            #expect(replies.count == 13)
            try Self.validate(replies.map { (nil, $0.text) })
        }
    }
}
