import BatchwireCore
import Foundation
import Testing

@testable import BatchwireRuntime

@Suite("Step context file")
struct StepContextFileTests {
    @Test("the previous context is visible to the step and the new one is read back")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        var invocation = StepFixtures.invocation(
            [
                """
                cp "$BATCH_STEP_CONTEXT_FILE" "$BATCH_STEP_CONTEXT_FILE.seen"
                printf '{"offset": 1500, "file": "part-2.csv", "ratio": 0.25, "done": false, "note": "caf\\u00e9 \\"x\\""}' > "$BATCH_STEP_CONTEXT_FILE"
                """
            ],
            shell: true
        )
        invocation.previousContext = ExecutionContext([
            ("offset", .long(1000)), ("file", .string("part-1.csv")), ("whole", .double(2.0)), ("ok", .boolean(true)),
        ])
        let runner = StepFixtures.runner(in: directory)
        let result = await runner.run(invocation)
        #expect(result.status == .completed)
        let seen = StepFixtures.contents(URL(fileURLWithPath: runner.contextFile(for: invocation).path + ".seen"))
        #expect(try StepContextFile.decode(seen) == invocation.previousContext)
        #expect(seen.contains("\"whole\": 2.0"))
        #expect(
            result.context
                == ExecutionContext([
                    ("offset", .long(1500)), ("file", .string("part-2.csv")), ("ratio", .double(0.25)),
                    ("done", .boolean(false)), ("note", .string("café \"x\"")),
                ])
        )
        #expect(result.context.entryKeys == ["offset", "file", "ratio", "done", "note"])
    }

    @Test("a step that does not touch the file keeps the previous context")
    func untouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        var invocation = StepFixtures.invocation(["/bin/echo"])
        invocation.previousContext = ExecutionContext([("offset", .long(3))])
        let result = await StepFixtures.runner(in: directory).run(invocation)
        #expect(result.context == invocation.previousContext)
    }

    @Test("a malformed context file fails the step with a clear error and keeps the previous context")
    func malformed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        var invocation = StepFixtures.invocation(
            ["printf '{\"a\": 1,\\n \"nested\": {\"b\": 2}}' > \"$BATCH_STEP_CONTEXT_FILE\""],
            shell: true
        )
        invocation.previousContext = ExecutionContext([("offset", .long(3))])
        let result = await StepFixtures.runner(in: directory).run(invocation)
        #expect(result.status == .failed)
        #expect(result.termination == .exited(0))
        #expect(result.error?.code == .invalidContextFile)
        let description = result.exitStatus.exitDescription
        #expect(description.contains("line 2"))
        #expect(description.contains("\"nested\" is a nested object"))
        #expect(result.context == invocation.previousContext)
    }

    @Test(
        "invalid JSON is rejected with the reason",
        arguments: [
            ("[1, 2]", "expected a JSON object"),
            ("{\"a\": [1]}", "nested object or array"),
            ("{\"a\": null}", "is null"),
            ("{\"a\": 1,}", "expected a key"),
            ("{\"a\": 01}", "not a valid JSON number"),
            ("{\"a\": 1} x", "unexpected text"),
            ("{\"a\": \"unterminated}", "not closed"),
            ("{a: 1}", "expected a key"),
        ]
    )
    func rejects(text: String, reason: String) {
        #expect {
            _ = try StepContextFile.decode(text)
        } throws: { error in
            guard let error = error as? CommandStepError else { return false }
            return error.code == .invalidContextFile && error.message.contains(reason)
        }
    }

    @Test("numbers keep their kind: integers are Long, fractions and exponents Double")
    func numbers() throws {
        let context = try StepContextFile.decode(
            #"{"i": -42, "big": 9223372036854775807, "huge": 92233720368547758070, "d": 1.0, "e": 1e3, "t": true}"#
        )
        #expect(context["i"] == .long(-42))
        #expect(context["big"] == .long(.max))
        #expect(context["huge"] == .double(Double("92233720368547758070")!))
        #expect(context["d"] == .double(1))
        #expect(context["e"] == .double(1000))
        #expect(context["t"] == .boolean(true))
        #expect(try StepContextFile.decode("  ").isEmpty)
        #expect(try StepContextFile.decode("{}").isEmpty)
    }

    @Test("encoding round-trips strings with escapes and non-BMP characters")
    func encoding() throws {
        let context = ExecutionContext([
            ("text", .string("tab\tnew\nline \"q\" \\ \u{01} 🚀")), ("n", .integer(5)), ("x", .double(1e-7)),
        ])
        let decoded = try StepContextFile.decode(StepContextFile.encode(context))
        #expect(decoded["text"] == .string("tab\tnew\nline \"q\" \\ \u{01} 🚀"))
        #expect(decoded["n"] == .long(5))
        #expect(decoded["x"] == .double(1e-7))
        #expect(try StepContextFile.decode(#"{"s": "\ud83d\ude80\u00e9"}"#)["s"] == .string("🚀é"))
    }

    /// `{lastRun=new Date(1705314600123L), cursor=<an application class>, count=3L}` as Spring 5 serializes it
    /// (made by the JDK program in `Tests/BatchwireCoreTests/SpringContextFixtures.swift`).
    static let springRestartContext =
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAA"
        + "ABAAAAADdAAGY3Vyc29yc3IAHFNwcmluZ0NvbnRleHRGaXh0dXJlcyRDdXJzb3IAAAAAAAAABwIAA0oABmxhc3RJZEwAB2NvbHVt"
        + "bnN0ABBMamF2YS91dGlsL0xpc3Q7TAAFdGFibGV0ABJMamF2YS9sYW5nL1N0cmluZzt4cAAAAAAAABJnc3IAE2phdmEudXRpbC5B"
        + "cnJheUxpc3R4gdIdmcdhnQMAAUkABHNpemV4cAAAAAJ3BAAAAAJ0AAJpZHQAB2NyZWF0ZWR4dAAGb3JkZXJzdAAHbGFzdFJ1bnNy"
        + "AA5qYXZhLnV0aWwuRGF0ZWhqgQFLWXQZAwAAeHB3CAAAAY0Mq8S7eHQABWNvdW50c3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98C"
        + "AAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAADeA=="

    @Test("on a restart, Spring's Date reaches the step as text and comes back a Date; an unknown class is kept")
    func javaObjectsCrossTheFile() throws {
        let previous = try JavaExecutionContextSerializer().deserialize(Self.springRestartContext)
        #expect(previous.unreadableEntries.map(\.key) == ["cursor"])
        #expect(previous.unreadableEntries.first?.classNames == ["SpringContextFixtures$Cursor"])
        let text = StepContextFile.encode(previous)
        #expect(text.contains("\"lastRun\": \"Mon Jan 15 10:30:00 UTC 2024\""))
        #expect(!text.contains("cursor"))

        // The step leaves the file as it was: the context is the one it was given, objects included.
        let untouched = StepContextFile.merging(try StepContextFile.decode(text), into: previous)
        #expect(untouched == previous)
        #expect(untouched.javaObject(forKey: "lastRun")?.className == "java.util.Date")

        // The step moves its counter on: the Date and the unknown object are still Spring's objects.
        var written = try StepContextFile.decode(text)
        written["count"] = .long(4)
        let merged = StepContextFile.merging(written, into: previous)
        #expect(merged.long(forKey: "count") == 4)
        #expect(merged["lastRun"] == previous["lastRun"])
        #expect(merged["cursor"] == previous["cursor"])
        let rewritten = try JavaExecutionContextSerializer().deserialize(
            JavaExecutionContextSerializer().serialize(merged))
        #expect(rewritten == merged)

        // A step that writes a new value over the text replaces the object.
        written["lastRun"] = .string("2024-02-01")
        #expect(StepContextFile.merging(written, into: previous).string(forKey: "lastRun") == "2024-02-01")
    }
}
