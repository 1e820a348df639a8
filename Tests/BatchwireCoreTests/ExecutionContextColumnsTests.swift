import Testing

@testable import BatchwireCore

/// The SHORT_CONTEXT / SERIALIZED_CONTEXT split (spec §4): ≤ 2500 Java chars all in SHORT_CONTEXT with
/// SERIALIZED_CONTEXT NULL; above, the first 2492 chars plus " ..." and the whole string.
@Suite struct ExecutionContextColumnsTests {
    @Test func exactlyAtTheLimit() {
        let text = String(repeating: "A", count: 2500)
        let columns = ExecutionContextColumns(serialized: text)
        #expect(columns.shortContext == text)
        #expect(columns.serializedContext == nil)
        #expect(columns.serialized == text)
    }

    @Test func oneOverTheLimit() {
        let text = String(repeating: "A", count: 2499) + "BC"
        let columns = ExecutionContextColumns(serialized: text)
        #expect(columns.shortContext == String(repeating: "A", count: 2492) + " ...")
        #expect(columns.shortContext.count == 2496)
        #expect(columns.serializedContext == text)
        #expect(columns.serialized == text)
    }

    @Test func customLengthAndUTF16Counting() {
        // 5 Java chars: "é" is one UTF-16 unit, "😀" two.
        let text = "é😀ab"
        #expect(ExecutionContextColumns(serialized: text, shortContextLength: 5).serializedContext == nil)
        let cut = ExecutionContextColumns(serialized: text + "c", shortContextLength: 10)
        #expect(cut.serializedContext == nil)
        let tight = ExecutionContextColumns(serialized: String(repeating: "x", count: 11), shortContextLength: 10)
        #expect(tight.shortContext == "xx ...")
        // The cut would fall inside the surrogate pair: it backs off one unit.
        let pair = ExecutionContextColumns(serialized: "x😀" + String(repeating: "y", count: 10), shortContextLength: 10)
        #expect(pair.shortContext == "x ...")
    }

    @Test func aRealContextOverTheLimitRoundTrips() throws {
        let serializer = JavaExecutionContextSerializer()
        let context = ExecutionContext(
            (0..<200).map { ("reader.\($0).position", ExecutionContext.Value.long(Int64($0) * 7919)) })
        let serialized = serializer.serialize(context)
        #expect(serialized.utf16.count > 2500)
        let columns = ExecutionContextColumns(serialized: serialized)
        #expect(columns.shortContext.hasSuffix(" ...") && columns.shortContext.utf16.count == 2496)
        let stored = ExecutionContextColumns(
            shortContext: columns.shortContext, serializedContext: columns.serializedContext)
        #expect(try serializer.deserialize(stored.serialized) == context)
    }
}
