import BatchwireCore
import BatchwireTestBasics
import Foundation
import Testing

/// `JSONTextWriter` writes what `JSONEncoder` (`[.sortedKeys, .withoutEscapingSlashes]`) writes.
@Suite struct JSONTextWriterTests {
    private func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try BatchwireEvent.makeEncoder().encode(value), as: UTF8.self)
    }

    private func written(_ write: (inout JSONTextWriter) throws -> Void) rethrows -> String {
        var writer = JSONTextWriter()
        try write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() throws {
        var everyASCII = ""
        for code in 0..<0x80 { everyASCII.unicodeScalars.append(Unicode.Scalar(UInt8(code))) }
        for text in [everyASCII] + JSONTextCorpus.trickyStrings {
            #expect(written { $0.string(text) } == (try encoded(text)))
        }
        // What the experiments showed, spelled out: named escapes, lowercase \u00xx, no escape for / or DEL.
        #expect(
            written { $0.string("\"\\/\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}") }
                == #""\"\\/\b\t\n\u000b\f\r\u001f\#u{7F}""#)
        #expect(written { $0.string("\u{2028}é😀") } == "\"\u{2028}é😀\"")
    }

    @Test func randomStringsAreEscapedAsTheEncoderEscapesThem() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<2_000 {
            let text = Self.randomString(using: &random)
            #expect(written { $0.string(text) } == (try encoded(text)), "\(Array(text.unicodeScalars))")
        }
    }

    @Test(arguments: JSONTextCorpus.fractionalNumbers + JSONTextCorpus.wholeNumbers)
    func doublesAreWrittenAsTheEncoderWritesThem(number: Double) throws {
        #expect(try written { try $0.number(number) } == (try encoded(number)))
    }

    @Test func doubleTextIsDescriptionWithoutATrailingPointZero() throws {
        let samples: [(Double, String)] = [
            (1, "1"), (0.1, "0.1"), (1e20, "1e+20"), (1e-7, "1e-07"), (-0.0, "-0"), (1e15, "1000000000000000"),
            (1e16, "1e+16"), (9_007_199_254_740_992, "9007199254740992"), (-1.25, "-1.25"),
        ]
        for (number, text) in samples {
            #expect(try written { try $0.number(number) } == text)
        }
    }

    @Test func randomDoublesAreWrittenAsTheEncoderWritesThem() throws {
        var random = SplitMix64(seed: 0x5EED_0002)
        var checked = 0
        while checked < 20_000 {
            let candidates = [
                Double(bitPattern: random.next()), Double(Int64.random(in: -(1 << 60)...(1 << 60), using: &random)),
                Double(Int.random(in: -100_000...100_000, using: &random))
                    / pow(10, Double(Int.random(in: 0...20, using: &random))),
            ]
            for number in candidates where number.isFinite {
                #expect(try written { try $0.number(number) } == (try encoded(number)))
                checked += 1
            }
        }
    }

    @Test func integersAreWrittenInDecimal() throws {
        for integer: Int64 in [0, 1, -1, 9, 10, -10, 1_768_444_200_123, .max, .min, .max - 1, .min + 1] {
            #expect(written { $0.integer(integer) } == (try encoded(integer)))
            #expect(written { $0.integer(Int(integer)) } == String(integer))
        }
    }

    @Test func nonFiniteDoublesThrowAndWriteNothing() throws {
        for number in [Double.nan, -Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try BatchwireEvent.makeEncoder().encode(number) }
            var writer = JSONTextWriter()
            writer.beginArray()
            writer.integer(1)
            let before = writer.bytes
            let error = #expect(throws: EncodingError.self) { try writer.number(number) }
            guard case .invalidValue(let value, let context)? = error else {
                Issue.record("expected EncodingError.invalidValue, got \(String(describing: error))")
                continue
            }
            #expect((value as? Double)?.isFinite == false)
            #expect(context.debugDescription.contains("Unable to encode Double"))
            #expect(writer.bytes == before)
        }
    }

    @Test func structureAndScalars() throws {
        let text = written { writer in
            writer.beginObject()
            writer.key("a")
            writer.beginArray()
            writer.null()
            writer.bool(true)
            writer.bool(false)
            writer.beginObject()
            writer.endObject()
            writer.beginArray()
            writer.endArray()
            writer.integer(-3)
            writer.endArray()
            writer.key("b")
            writer.string("x")
            writer.endObject()
        }
        #expect(text == #"{"a":[null,true,false,{},[],-3],"b":"x"}"#)
    }

    @Test func objectKeysAreSortedByTheirUTF8Bytes() throws {
        // Decomposed "e\u{301}x" sorts before "f" by bytes, after it by String's `<`: JSONEncoder uses bytes.
        let members: [String: JSONValue] = ["f": 1, "e\u{301}x": 2, "B": 3, "\u{E9}": 4, "_": 5, "10": 6, "9": 7]
        #expect(try written { try $0.object(members) } == (try encoded(members)))
        #expect(
            try written { try $0.object(members) }
                == "{\"10\":6,\"9\":7,\"B\":3,\"_\":5,\"e\u{301}x\":2,\"f\":1,\"\u{E9}\":4}")
    }

    @Test func everyJSONValueCaseIsWrittenAsTheEncoderWritesIt() throws {
        let facet = JSONTextCorpus.facet(numbers: JSONTextCorpus.fractionalNumbers + JSONTextCorpus.wholeNumbers)
        #expect(try written { try $0.value(facet) } == (try encoded(facet)))
        var random = SplitMix64(seed: 0x5EED_0003)
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 0, using: &random)
            #expect(try written { try $0.value(value) } == (try encoded(value)))
        }
    }

    @Test func uuidsAndTimestampsAreWrittenAsTheEventTypesEncodeThem() throws {
        var random = SplitMix64(seed: 0x5EED_0004)
        for _ in 0..<500 {
            var bytes: [UInt8] = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
            let uuid = bytes.withUnsafeMutableBytes { raw in raw.load(as: uuid_t.self) }
            bytes.removeAll()
            #expect(written { $0.uuid(UUID(uuid: uuid)) } == (try encoded(UUID(uuid: uuid).uuidString.lowercased())))
        }
        #expect(written { $0.uuid(Fixtures.parent.runId) } == "\"0f8e4c52-6f3d-4c9a-9d2e-1a2b3c4d5e6f\"")
        #expect(written { $0.timestamp(Fixtures.instant) } == "\"2026-01-15T02:30:00.123Z\"")
    }

    @Test func timestampTextMatchesTheCalendar() throws {
        // An independent reference: Foundation's Gregorian calendar in UTC, and the integer milliseconds.
        // Foundation's calendar is Julian before October 1582 and event times are proleptic Gregorian, so
        // the comparison starts in 1583; the first and last years are checked by hand.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var random = SplitMix64(seed: 0x5EED_0005)
        let first: Int64 = -12_212_553_600_000  // 1583-01-01T00:00:00.000Z
        let last: Int64 = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z
        #expect(EventTimestamp.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        #expect(EventTimestamp.format(Date(timeIntervalSince1970: -62_135_596_800.001)) == "0000-12-31T23:59:59.999Z")
        // Before year 0 the sign lands inside the padding, as the String-based formatter always wrote it.
        #expect(EventTimestamp.format(Date(timeIntervalSince1970: -62_167_219_200.001)) == "00-1-12-31T23:59:59.999Z")
        #expect(EventTimestamp.format(Date(timeIntervalSince1970: 253_402_300_799.999)) == "9999-12-31T23:59:59.999Z")
        #expect(EventTimestamp.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
        let edges: [Int64] = [first, last, 0, -1, 1, -86_400_000, 951_782_400_000, 1_768_444_200_123]
        for millis in edges + (0..<3_000).map({ _ in Int64.random(in: first...last, using: &random) }) {
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second],
                from: Date(timeIntervalSince1970: Double(millis.floorDivided(by: 1000))))
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!, parts.hour!,
                parts.minute!, parts.second!, Int(millis.floorModulo(1000)))
            #expect(EventTimestamp.format(date) == expected)
            #expect(written { $0.timestamp(date) } == "\"\(expected)\"")
        }
    }

    #if DEBUG
        @Test func keysOutOfOrderStopDebugBuilds() async {
            await #expect(processExitsWith: .failure) {
                var writer = JSONTextWriter()
                writer.beginObject()
                writer.key("b")
                writer.null()
                writer.key("a")
            }
            await #expect(processExitsWith: .failure) {
                var writer = JSONTextWriter()
                writer.beginObject()
                writer.key("a")
                writer.null()
                writer.key("a")
            }
        }
    #endif

    // MARK: Generators

    static func randomString(using random: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let value: UInt32
            switch Int.random(in: 0..<6, using: &random) {
            case 0: value = UInt32.random(in: 0..<0x20, using: &random)
            case 1: value = UInt32.random(in: 0x20..<0x80, using: &random)
            case 2:
                value = [0x22, 0x5C, 0x2F, 0x7F, 0x2028, 0x2029, 0xFEFF, 0x301, 0xE9].randomElement(using: &random)!
            case 3: value = UInt32.random(in: 0x80..<0xD800, using: &random)
            case 4: value = UInt32.random(in: 0xE000..<0x1_0000, using: &random)
            default: value = UInt32.random(in: 0x1_0000..<0x11_0000, using: &random)
            }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    static func randomValue(depth: Int, using random: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            return .integer(Int64.random(in: .min ... .max, using: &random) >> Int64.random(in: 0...63, using: &random))
        case 3:
            let number = Double(bitPattern: random.next())
            return .number(number.isFinite ? number : Double(Int.random(in: -1_000...1_000, using: &random)) / 8)
        case 4: return .string(randomString(using: &random))
        case 5:
            return .array(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, using: &random) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                members[randomString(using: &random)] = randomValue(depth: depth + 1, using: &random)
            }
            return .object(members)
        }
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int64) -> Int64 {
        self - floorDivided(by: divisor) * divisor
    }
}
