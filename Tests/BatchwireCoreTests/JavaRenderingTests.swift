import Foundation
import Testing

@testable import BatchwireCore

/// Renderings compared with JDK 17 output (`Double.toString`, `Date.toString`, `LocalDateTime.toString`,
/// `DateTimeFormatter.ISO_*`), and the spec §2.3 table.
@Suite struct JavaRenderingTests {
    /// Bit patterns and what JDK 17.0.15 printed for them.
    @Test(arguments: [
        ("c190a61854dc4313", "-6.983016521509962E7"),
        ("b9f3635cf88c422b", "-1.5294543598773557E-29"),
        ("408e137aacd9e83e", "962.4349"),
        ("406724cccccccccd", "185.15"),
        ("a1e381f9fb1b0902", "-1.9528038875002435E-145"),
        ("45e431e0fae6d721", "5.0E28"),
        ("4642eec2eb3869b0", "3.0000000000000003E30"),
        ("4077800000000000", "376.0"),
        ("430c6bf526340000", "1.0E15"),
        ("3bc79ca10c924223", "1.0E-20"),
        ("3e55798ee2308c3a", "2.0E-8"),
        ("4161364f435d8f20", "9024122.105170786"),
        ("416312d000000000", "1.0E7"),
        ("3f50624dd2f1a9fc", "0.001"),
        ("416312cffff7ced9", "9999999.999"),
        ("3f1a36e2eb1c432d", "1.0E-4"),
        ("419d6f3454000000", "1.23456789E8"),
        ("3f60624dd2f1a9fc", "0.002"),
        ("4011666666666666", "4.35"),
        ("3fb999999999999a", "0.1"),
        ("3ff0000000000000", "1.0"),
        ("8000000000000000", "-0.0"),
        ("7fefffffffffffff", "1.7976931348623157E308"),
        // JDK 17's exact-integer path for whole numbers in [2^53, 2^63).
        ("c3813ce6b5a29061", "-1.55265158129781792E17"),
        ("43a538c4cfc31601", "7.6459423505127846E17"),
        ("c3dc02a5e49fe2a9", "-8.0734319374758472E18"),
    ])
    func doubleToString(bits: String, expected: String) {
        let value = Double(bitPattern: UInt64(bits, radix: 16)!)
        #expect(JavaText.double(value) == expected)
        #expect(JobParameter.Value.double(value).databaseValue == expected)
        #expect(JavaText.parseDouble(expected) == value)
    }

    @Test func specialDoubles() {
        #expect(JavaText.double(.nan) == "NaN")
        #expect(JavaText.double(.infinity) == "Infinity")
        #expect(JavaText.double(-.infinity) == "-Infinity")
        #expect(JavaText.double(1.5) == "1.5")
    }

    @Test func dateToStringInSeveralZones() {
        let winter = Date(timeIntervalSince1970: 1_705_314_600)
        let summer = Date(timeIntervalSince1970: 1_720_000_000)
        #expect(JavaText.javaDate(winter, zone: .utc) == "Mon Jan 15 10:30:00 UTC 2024")
        #expect(JavaText.javaDate(summer, zone: .gmt) == "Wed Jul 03 09:46:40 GMT 2024")
        let paris = JavaTimeZone(
            timeZone: TimeZone(identifier: "Europe/Paris")!, standardName: "CET", daylightName: "CEST")
        #expect(JavaText.javaDate(winter, zone: paris) == "Mon Jan 15 11:30:00 CET 2024")
        #expect(JavaText.javaDate(summer, zone: paris) == "Wed Jul 03 11:46:40 CEST 2024")
        let plusThree = JavaTimeZone(timeZone: TimeZone(identifier: "Etc/GMT-3")!, standardName: nil)
        #expect(JavaText.javaDate(winter, zone: plusThree) == "Mon Jan 15 13:30:00 GMT+03:00 2024")
        let newYork = JavaTimeZone(
            timeZone: TimeZone(identifier: "America/New_York")!, standardName: "EST", daylightName: "EDT")
        #expect(JavaText.javaDate(summer, zone: newYork) == "Wed Jul 03 05:46:40 EDT 2024")
    }

    @Test func localDateTimeRenderings() {
        let noSeconds = LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30)!
        let halfSecond = LocalDateTime(
            year: 2024, month: 1, day: 15, hour: 10, minute: 30, second: 5, nanosecond: 500_000_000)!
        let micros = LocalDateTime(
            year: 2024, month: 1, day: 15, hour: 10, minute: 30, second: 5, nanosecond: 123_456_000)!
        let nanos = LocalDateTime(year: 2024, month: 1, day: 15, hour: 10, minute: 30, second: 5, nanosecond: 1)!
        #expect(noSeconds.description == "2024-01-15T10:30")
        #expect(halfSecond.description == "2024-01-15T10:30:05.500")
        #expect(micros.description == "2024-01-15T10:30:05.123456")
        #expect(nanos.description == "2024-01-15T10:30:05.000000001")
        #expect(noSeconds.isoString == "2024-01-15T10:30:00")
        #expect(halfSecond.isoString == "2024-01-15T10:30:05.5")
        #expect(LocalTime(hour: 10, minute: 30)!.description == "10:30")
        #expect(LocalTime(hour: 10, minute: 30)!.isoString == "10:30:00")
        #expect(LocalDate(year: 999, month: 3, day: 1)!.description == "0999-03-01")
        #expect(LocalDate(year: 12345, month: 3, day: 1)!.description == "+12345-03-01")
    }

    @Test func isoInstant() {
        #expect(JavaText.isoInstant(epochNanoseconds: 1_705_314_600_123_000_000) == "2024-01-15T10:30:00.123Z")
        #expect(JavaText.isoInstant(epochNanoseconds: 1_705_314_600_000_000_000) == "2024-01-15T10:30:00Z")
        #expect(JavaText.isoInstant(epochNanoseconds: 1_705_314_600_100_000_000) == "2024-01-15T10:30:00.100Z")
        #expect(JavaText.isoInstant(epochNanoseconds: -1_000_000) == "1969-12-31T23:59:59.999Z")
        #expect(JavaText.parseIsoInstant("2024-01-15T11:30:00.5+01:00") == 1_705_314_600_500_000_000)
        #expect(JavaText.parseIsoInstant("2024-01-15T10:30Z") == nil)
        // Beyond what nanoseconds since the epoch can hold: no instant, and no overflow trap.
        #expect(JavaText.parseIsoInstant("2999-01-01T00:00:00Z") == nil)
        #expect(JavaText.parseIsoInstant("1500-01-01T00:00:00Z") == nil)
        #expect(JavaText.parseIsoInstant("2261-12-31T23:59:59Z") != nil)
    }

    @Test func calendarRoundTrip() {
        for day in stride(from: -800_000, to: 800_000, by: 997) {
            let date = LocalDate(epochDay: day)
            #expect(date.epochDay == day)
        }
        #expect(LocalDate(year: 2024, month: 2, day: 30) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 1, day: 15)!.dayOfWeek == 1)
    }

    @Test func localDateTimeFromInstant() {
        let instant = Date(timeIntervalSince1970: 1_705_314_600.123456)
        let utc = LocalDateTime.now(in: TimeZone(identifier: "UTC")!, at: instant)
        #expect(utc.description == "2024-01-15T10:30:00.123456")
        let paris = LocalDateTime(instant: instant, in: TimeZone(identifier: "Europe/Paris")!)
        #expect(paris.truncatedToMicroseconds.description == "2024-01-15T11:30:00.123456")
        #expect(abs(paris.instant(in: TimeZone(identifier: "Europe/Paris")!).timeIntervalSince(instant)) < 1e-6)
    }
}
