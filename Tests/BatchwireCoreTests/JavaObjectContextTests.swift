import Foundation
import Testing

@testable import BatchwireCore

/// Contexts Spring wrote with values beyond the five scalars (issue 15 item 1): read, shown and written
/// back without losing anything. Fixtures: ``SpringContextFixtures``.
@Suite struct JavaObjectContextTests {
    private let serializer = JavaExecutionContextSerializer()

    @Test func readsASpringDate() throws {
        let context = try serializer.deserialize(SpringContextFixtures.date)
        #expect(context.long(forKey: "reader.read.count") == 42)
        let date = try #require(context.javaObject(forKey: "reader.lastRun"))
        #expect(date.className == "java.util.Date")
        #expect(date.reading == .date(epochMilliseconds: 1_705_314_600_123))
        #expect(date.description == "Mon Jan 15 10:30:00 UTC 2024")
        #expect(context.unreadableEntries.isEmpty)
    }

    @Test func readsTheCommonJDKValueTypes() throws {
        let context = try serializer.deserialize(SpringContextFixtures.all)
        func text(_ key: String) -> String? { context[key]?.javaDescription }
        #expect(text("date") == "Mon Jan 15 10:30:00 UTC 2024")
        #expect(text("timestamp") == "2024-01-15 10:30:00.123456789")
        #expect(text("localDate") == "2024-01-15")
        #expect(text("localDateTime") == "2024-01-15T10:30:05.120")
        #expect(text("localTime") == "10:30")
        #expect(text("instant") == "2024-01-15T10:30:00.000000500Z")
        #expect(text("offsetDateTime") == "2024-01-15T10:30+02:00")
        #expect(text("zonedDateTime") == "2024-01-15T10:30+01:00[Europe/Berlin]")
        #expect(text("duration") == "PT1M30.000000005S")
        #expect(text("decimal") == "-12345.678")
        #expect(text("bigInteger") == "123456789012345678901234567890")
        #expect(text("enum") == "MONDAY")
        #expect(text("char") == "x")
        #expect(text("short") == "-7")
        #expect(text("byte") == "3")
        #expect(text("float") == "1.5")
        #expect(text("arrayList") == "[a, 1, true]")
        #expect(text("linkedList") == "[1, 2]")
        #expect(text("hashSet") == "[x]")
        #expect(text("linkedHashSet") == "[p, q]")
        #expect(text("hashMap") == "{k=5}")
        #expect(text("start.after") == "{id=4711, name=zeta}")
        #expect(text("treeMap") == "{a=[2024-02-29], b=[1.50]}")
        #expect(text("plain") == "text")
        #expect(context.long(forKey: "count") == 3)
        let startAfter = try #require(context.javaObject(forKey: "start.after"))
        #expect(startAfter.className == "java.util.LinkedHashMap")
        #expect(
            startAfter.reading
                == .map([
                    .init(key: .string("id"), value: .long(4711)), .init(key: .string("name"), value: .string("zeta")),
                ]))
    }

    @Test func namesWhatItCannotRead() throws {
        let context = try serializer.deserialize(SpringContextFixtures.all)
        let cursor = try #require(context.javaObject(forKey: "cursor"))
        #expect(cursor.className == "SpringContextFixtures$Cursor")
        #expect(cursor.reading == nil)
        #expect(cursor.description == "<unreadable SpringContextFixtures$Cursor>")
        #expect(context.unreadableEntries.map(\.key) == ["cursor"])
        #expect(context.unreadableEntries.first?.classNames == ["SpringContextFixtures$Cursor"])
    }

    /// A context Batchwire rewrites gives Spring back every value, including the ones it cannot read.
    @Test func rewritingKeepsEveryValue() throws {
        var context = try serializer.deserialize(SpringContextFixtures.all)
        context["batchwire.added"] = .long(7)
        let rewritten = try serializer.deserialize(serializer.serialize(context))
        #expect(rewritten == context)
        #expect(rewritten.count == context.count)
        for key in context.entryKeys {
            #expect(rewritten[key] == context[key], "\(key)")
        }
        // Unchanged, the stream reads back to the same bytes it is written as.
        let once = serializer.serializedBytes(rewritten)
        #expect(try serializer.serializedBytes(serializer.deserialize(bytes: once)) == once)
    }

    @Test func writesAReadDateBackAsSpringDid() throws {
        let context = try serializer.deserialize(SpringContextFixtures.date)
        #expect(serializer.serialize(context) == SpringContextFixtures.date)
    }

    /// Expected: JDK 17's `new BigDecimal(new BigInteger(unscaled), scale).toString()`.
    @Test(
        arguments: [
            ("123", 0, "123"), ("123", 2, "1.23"), ("-5", 1, "-0.5"), ("1", 6, "0.000001"), ("1", 7, "1E-7"),
            ("123", -2, "1.23E+4"), ("-123456", 3, "-123.456"), ("0", 2, "0.00"), ("0", -2, "0E+2"),
            ("12", 9, "1.2E-8"),
        ] as [(String, Int32, String)])
    func decimalTextIsJavas(unscaled: String, scale: Int32, expected: String) {
        #expect(JavaDecimalText.text(unscaled: unscaled, scale: scale) == expected)
    }

    @Test func bigIntegerDigits() {
        #expect(JavaDecimalText.decimalDigits(bigEndianMagnitude: []) == "0")
        #expect(JavaDecimalText.decimalDigits(bigEndianMagnitude: [0x01, 0x00]) == "256")
        #expect(JavaDecimalText.decimalDigits(bigEndianMagnitude: [0x3B, 0x9A, 0xCA, 0x00]) == "1000000000")
    }

    /// Expected: JDK 17's `Duration.ofSeconds(seconds, nanos).toString()`.
    @Test(
        arguments: [
            (0, 0, "PT0S"), (90, 5, "PT1M30.000000005S"), (-90, 5, "PT-1M-29.999999995S"), (3600, 0, "PT1H"),
            (-1, 500, "PT-0.9999995S"), (86461, 0, "PT24H1M1S"), (0, 1000, "PT0.000001S"),
        ] as [(Int64, Int32, String)])
    func durationTextIsJavas(seconds: Int64, nanos: Int32, expected: String) {
        #expect(JavaObject.Reading.durationText(seconds: seconds, nanos: nanos) == expected)
    }
}
