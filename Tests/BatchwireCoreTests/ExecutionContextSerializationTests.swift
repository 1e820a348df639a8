import Foundation
import Testing

@testable import BatchwireCore

/// Spring 5's default context format. Vectors: the two from spec §4, and the rest produced by JDK 17.0.15
/// with Spring's exact steps (a `ConcurrentHashMap` context copied into `new HashMap<>()` with `put`,
/// written by an `ObjectOutputStream` wrapped in `Base64.getEncoder()`), values autoboxed.
@Suite struct ExecutionContextSerializationTests {
    private let serializer = JavaExecutionContextSerializer()

    private func check(_ context: ExecutionContext, _ expected: String) throws {
        #expect(serializer.serialize(context) == expected)
        let read = try serializer.deserialize(expected)
        #expect(read == context)
        #expect(!read.isDirty)
    }

    @Test func specEmptyContext() throws {
        try check(
            ExecutionContext(),
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA=="
        )
    }

    @Test func specBatchVersion() throws {
        try check(
            ExecutionContext([("batch.version", .string("5.2.6"))]),
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAABdAANYmF0Y2gudmVyc2lvbnQABTUuMi42eA=="
        )
    }

    /// Equal small Longs are one cached object in Java, so the second is a back-reference; 1000 is not cached.
    @Test func longsWithBackReferences() throws {
        let context = ExecutionContext([("a", .long(1)), ("b", .long(1)), ("c", .long(1000)), ("d", .long(1000))])
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAAEdAABYXNyAA5qYXZhLmxhbmcuTG9uZzuL5JDMjyPfAgABSgAFdmFsdWV4cgAQamF2YS5sYW5nLk51bWJlcoaslR0LlOCLAgAAeHAAAAAAAAAAAXQAAWJxAH4ABXQAAWNzcQB+AAMAAAAAAAAD6HQAAWRzcQB+AAMAAAAAAAAD6Hg="
        )
    }

    @Test func mixedTypes() throws {
        let context = ExecutionContext([
            ("i", .integer(7)), ("j", .integer(7)), ("d", .double(1.5)), ("e", .double(1.5)),
            ("t", .boolean(true)), ("f", .boolean(false)), ("t2", .boolean(true)),
        ])
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAAHdAABZHNyABBqYXZhLmxhbmcuRG91YmxlgLPCSilr+wQCAAFEAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cD/4AAAAAAAAdAABdHNyABFqYXZhLmxhbmcuQm9vbGVhbs0gcoDVnPruAgABWgAFdmFsdWV4cAF0AAFlc3EAfgADP/gAAAAAAAB0AAFmc3EAfgAHAHQAAWlzcgARamF2YS5sYW5nLkludGVnZXIS4qCk94GHOAIAAUkABXZhbHVleHEAfgAEAAAAB3QAAWpxAH4AD3QAAnQycQB+AAh4"
        )
    }

    /// Non-ASCII, a supplementary character (two 3-byte surrogates) and NUL (C0 80) in modified UTF-8.
    @Test func unicodeStrings() throws {
        let context = ExecutionContext([("name", .string("Zoë 日本 😀")), ("nul", .string("a\u{0}b"))])
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAACdAADbnVsdAAEYcCAYnQABG5hbWV0ABJab8OrIOaXpeacrCDtoL3tuIB4"
        )
    }

    /// 30 keys: the HashMap has grown to 64 buckets (threshold 48) and iterates by bucket.
    @Test func thirtyKeysAfterResizes() throws {
        let context = ExecutionContext((0..<30).map { ("key\($0)", ExecutionContext.Value.long(Int64($0) * 1000)) })
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAADB3CAAAAEAAAAAedAAEa2V5MXNyAA5qYXZhLmxhbmcuTG9uZzuL5JDMjyPfAgABSgAFdmFsdWV4cgAQamF2YS5sYW5nLk51bWJlcoaslR0LlOCLAgAAeHAAAAAAAAAD6HQABGtleTJzcQB+AAMAAAAAAAAH0HQABGtleTBzcQB+AAMAAAAAAAAAAHQABGtleTVzcQB+AAMAAAAAAAATiHQABGtleTZzcQB+AAMAAAAAAAAXcHQABGtleTNzcQB+AAMAAAAAAAALuHQABGtleTRzcQB+AAMAAAAAAAAPoHQABGtleTlzcQB+AAMAAAAAAAAjKHQABGtleTdzcQB+AAMAAAAAAAAbWHQABGtleThzcQB+AAMAAAAAAAAfQHQABWtleTIyc3EAfgADAAAAAAAAVfB0AAVrZXkyMXNxAH4AAwAAAAAAAFIIdAAFa2V5MjBzcQB+AAMAAAAAAABOIHQABWtleTE1c3EAfgADAAAAAAAAOph0AAVrZXkxNHNxAH4AAwAAAAAAADawdAAFa2V5MTNzcQB+AAMAAAAAAAAyyHQABWtleTEyc3EAfgADAAAAAAAALuB0AAVrZXkxOXNxAH4AAwAAAAAAAEo4dAAFa2V5MThzcQB+AAMAAAAAAABGUHQABWtleTE3c3EAfgADAAAAAAAAQmh0AAVrZXkxNnNxAH4AAwAAAAAAAD6AdAAFa2V5MTFzcQB+AAMAAAAAAAAq+HQABWtleTEwc3EAfgADAAAAAAAAJxB0AAVrZXkyNnNxAH4AAwAAAAAAAGWQdAAFa2V5MjVzcQB+AAMAAAAAAABhqHQABWtleTI0c3EAfgADAAAAAAAAXcB0AAVrZXkyM3NxAH4AAwAAAAAAAFnYdAAFa2V5MjlzcQB+AAMAAAAAAABxSHQABWtleTI4c3EAfgADAAAAAAAAbWB0AAVrZXkyN3NxAH4AAwAAAAAAAGl4eA=="
        )
    }

    /// "Aa" and "BB" (and their concatenations) have equal Java hash codes: one bucket, insertion order.
    @Test func collidingHashCodes() throws {
        let context = ExecutionContext([
            ("Aa", .string("x")), ("BB", .string("y")), ("AaAa", .string("p")), ("BBBB", .string("q")),
            ("AaBB", .string("r")),
        ])
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAAFdAACQWF0AAF4dAACQkJ0AAF5dAAEQWFBYXQAAXB0AARCQkJCdAABcXQABEFhQkJ0AAFyeA=="
        )
    }

    @Test func typicalStepContext() throws {
        let context = ExecutionContext([
            ("FlatFileItemReader.read.count", .long(12345)), ("batch.executed", .boolean(true)),
            ("batch.taskletType", .string("org.springframework.batch.core.step.item.ChunkOrientedTasklet")),
            ("batch.stepType", .string("org.springframework.batch.core.step.tasklet.TaskletStep")),
        ])
        try check(
            context,
            "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAAEdAARYmF0Y2gudGFza2xldFR5cGV0AD1vcmcuc3ByaW5nZnJhbWV3b3JrLmJhdGNoLmNvcmUuc3RlcC5pdGVtLkNodW5rT3JpZW50ZWRUYXNrbGV0dAAOYmF0Y2guZXhlY3V0ZWRzcgARamF2YS5sYW5nLkJvb2xlYW7NIHKA1Zz67gIAAVoABXZhbHVleHABdAAdRmxhdEZpbGVJdGVtUmVhZGVyLnJlYWQuY291bnRzcgAOamF2YS5sYW5nLkxvbmc7i+SQzI8j3wIAAUoABXZhbHVleHIAEGphdmEubGFuZy5OdW1iZXKGrJUdC5TgiwIAAHhwAAAAAAAAMDl0AA5iYXRjaC5zdGVwVHlwZXQAN29yZy5zcHJpbmdmcmFtZXdvcmsuYmF0Y2guY29yZS5zdGVwLnRhc2tsZXQuVGFza2xldFN0ZXB4"
        )
    }

    /// A string over 65,535 bytes is written as TC_LONGSTRING.
    @Test func longString() throws {
        let big = String((0..<70000).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) })
        let context = ExecutionContext([("big", .string(big))])
        let serialized = serializer.serialize(context)
        #expect(serialized.count == 93464)
        #expect(MD5.hexDigest(utf8: serialized) == "3efe78175ed78cab3e665e9353635b04")
        #expect(try serializer.deserialize(serialized) == context)
    }

    @Test func withoutSharingEveryValueIsItsOwnObject() throws {
        let context = ExecutionContext([("a", .long(1)), ("b", .long(1))])
        let shared = JavaExecutionContextSerializer().serializedBytes(context)
        let separate = JavaExecutionContextSerializer(sharing: .none).serializedBytes(context)
        #expect(separate.count > shared.count)
        #expect(try JavaExecutionContextSerializer().deserialize(bytes: separate) == context)
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: ExecutionContextSerializationError.self) { try serializer.deserialize("not base64!") }
        #expect(throws: ExecutionContextSerializationError.self) { try serializer.deserialize("AAAA") }
        // A truncated valid stream.
        #expect(throws: ExecutionContextSerializationError.self) {
            try serializer.deserialize(
                String(
                    "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAABdAANYmF0Y2gudmVyc2lvbnQABTUuMi42eA=="
                        .dropLast(8)) + "AAAA")
        }
        // java.util.ArrayList instead of a HashMap.
        let arrayList = "rO0ABXNyABNqYXZhLnV0aWwuQXJyYXlMaXN0eIHSHZnHYZ0DAAFJAARzaXpleHAAAAAAdwQAAAAAeA=="
        #expect(throws: ExecutionContextSerializationError.self) { try serializer.deserialize(arrayList) }
    }

    @Test func dirtyFlag() {
        var context = ExecutionContext([("a", .long(1))])
        #expect(!context.isDirty)
        context["a"] = .long(1)
        #expect(!context.isDirty)
        context["a"] = .long(2)
        #expect(context.isDirty)
        context.clearDirtyFlag()
        context["missing"] = nil
        #expect(!context.isDirty)
        context["a"] = nil
        #expect(context.isDirty && context.isEmpty)
        context["s"] = .string("x")
        #expect(context.string(forKey: "s") == "x" && context.long(forKey: "s") == nil)
    }
}
