import BatchwireCore
import Testing

@Suite struct JacksonExecutionContextSerializerTests {
    private let serializer = JacksonExecutionContextSerializer()

    @Test func writesJacksonsDefaultTypingLayout() {
        let context = ExecutionContext([
            ("name", .string("Zürich \"quoted\"\n")), ("count", .long(5)), ("small", .integer(7)),
            ("ratio", .double(0.5)), ("done", .boolean(true)),
        ])
        #expect(serializer.serialize(context) == #"{"@class":"java.util.HashMap","count":["java.lang.Long",5],"done":true,"name":"Zürich \"quoted\"\n","ratio":0.5,"small":7}"#)
        #expect(serializer.serialize(ExecutionContext()) == #"{"@class":"java.util.HashMap"}"#)
    }

    @Test func roundTripsEveryValueType() throws {
        let context = ExecutionContext([
            ("s", .string("ünï 🚀")), ("l", .long(Int64.max)), ("i", .integer(Int32.min)), ("d", .double(5.0)),
            ("e", .double(1.0e22)), ("t", .boolean(true)), ("f", .boolean(false)), ("one", .long(1)),
        ])
        let read = try serializer.deserialize(serializer.serialize(context))
        for key in context.entryKeys { #expect(read[key] == context[key], "key \(key)") }
        #expect(read.count == context.count)
        #expect(!read.isDirty)
    }

    @Test func readsWhatJacksonWritesIncludingWrappedNaturalTypes() throws {
        let read = try serializer.deserialize(
            #"{"@class":"java.util.HashMap","a":["java.lang.Integer",3],"b":2.5,"c":"x","d":12345678901,"e":["java.lang.Boolean",false]}"#)
        #expect(read["a"] == .integer(3))
        #expect(read["b"] == .double(2.5))
        #expect(read["c"] == .string("x"))
        #expect(read["d"] == .long(12_345_678_901))
        #expect(read["e"] == .boolean(false))
    }

    @Test(arguments: [
        "not json", "[1,2]", #"{"@class":"java.util.TreeMap"}"#, #"{"k":{"nested":1}}"#,
        #"{"k":["java.util.Date",1]}"#, #"{"k":null}"#, #"{"k":["java.lang.Long",1.5]}"#,
    ])
    func rejectsWhatItCannotRepresent(text: String) {
        #expect(throws: ExecutionContextSerializationError.self) { try serializer.deserialize(text) }
    }
}
