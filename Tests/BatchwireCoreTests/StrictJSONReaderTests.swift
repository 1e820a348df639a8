import Foundation
import Testing

@testable import BatchwireCore

@Suite("Strict JSON reader")
struct StrictJSONReaderTests {
    private func parse(_ text: String) throws -> JSONValue {
        try StrictJSONReader.parse(Array(text.utf8))
    }

    @Test func readsWhatFoundationReads() throws {
        let documents = [
            #"{"job":"quick","parameters":{"count":5,"ratio":-1.25e1,"on":true,"off":false,"none":null},"#
                + #""list":[1,[2,{}],[]]}"#,
            #"  {"text":"a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00 ✓"}  "#,
            #"[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, 1.5, 2E-3]"#,
            #""just a string""#, "42", "true", "null",
        ]
        for document in documents {
            let expected = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
            #expect(try parse(document) == expected, "\(document)")
        }
        // Unlike Foundation, a number written with a fraction or an exponent is never an integer.
        #expect(try parse("1.0") == .number(1.0))
        #expect(try parse("-1.25e2") == .number(-125))
        #expect(try parse("7") == .integer(7))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func refusesWhatIsNotStrictJSON() {
        let bad = [
            "", " ", "{", "}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "{'a':1}", "[01]", "[1.]", "[.5]", "[1e]",
            "[+1]", "[NaN]", "[Infinity]", "[1e999]", "{\"a\":1} x", "{\"a\":1}{}", "tru", "nul", "[\"a\u{01}\"]",
            #"["\x"]"#, #"["\u12"]"#, #"["\ud800"]"#, #"["\udc00"]"#, #"["\ud800\u0041"]"#, "[\"open", "// c\n{}",
        ]
        for text in bad {
            #expect(throws: StrictJSONReader.Failure.self, "\(text)") { try parse(text) }
        }
        #expect(throws: StrictJSONReader.Failure.self) { try StrictJSONReader.parse([0x7B, 0xFF, 0x7D]) }
    }

    @Test func refusesANameThatOccursTwice() throws {
        #expect(
            throws: StrictJSONReader.Failure(reason: #"the field name "job" occurs twice in one object"#, offset: 15)
        ) {
            try parse(#"{"job":"quick","job":"locked"}"#)
        }
        #expect(throws: StrictJSONReader.Failure.self) { try parse(#"{"parameters":{"a":1,"a":2}}"#) }
        #expect(try parse(#"{"a":{"a":1},"b":{"a":2}}"#) == ["a": ["a": 1], "b": ["a": 2]])
    }

    @Test func limitsNesting() throws {
        let deepest =
            String(repeating: "[", count: StrictJSONReader.maxDepth)
            + String(repeating: "]", count: StrictJSONReader.maxDepth)
        #expect(throws: Never.self) { try parse(deepest) }
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: StrictJSONReader.Failure.self) { try parse(tooDeep) }
        #expect(throws: StrictJSONReader.Failure.self) { try parse("[" + deepest + "]") }
    }
}
