import Testing

@testable import BatchwireCron

@Suite("Zones and instants")
struct ZoneTests {
    @Test("fixed offsets")
    func fixedOffsets() throws {
        #expect(CronZone.fixedOffset("+05:30") == 19_800)
        #expect(CronZone.fixedOffset("-03:00") == -10_800)
        #expect(CronZone.fixedOffset("+0545") == 20_700)
        #expect(CronZone.fixedOffset("-08") == -28_800)
        #expect(CronZone.fixedOffset("+5:30") == nil)
        #expect(CronZone.fixedOffset("+25:00") == nil)
        #expect(try CronZone("+05:30").offset(atEpochSecond: 0) == 19_800)
    }

    @Test("IANA zones read from TZif, with DST")
    func iana() throws {
        let ny = try CronZone("America/New_York")
        let winter = InstantFormat.epochSecond(parsing: "2026-01-15T12:00:00Z")!
        let summer = InstantFormat.epochSecond(parsing: "2026-07-15T12:00:00Z")!
        #expect(ny.offset(atEpochSecond: winter) == -18_000)
        #expect(ny.offset(atEpochSecond: summer) == -14_400)
        let change = InstantFormat.epochSecond(parsing: "2026-03-08T07:00:00Z")!
        #expect(ny.offset(atEpochSecond: change - 1) == -18_000)
        #expect(ny.offset(atEpochSecond: change) == -14_400)
        #expect(try CronZone("Asia/Kolkata").offset(atEpochSecond: summer) == 19_800)
        #expect(try CronZone("Australia/Lord_Howe").offset(atEpochSecond: winter) == 39_600)
    }

    @Test("unknown and hostile names are rejected")
    func unknown() {
        for name in ["Mars/Olympus", "../etc/passwd", "/etc/passwd", "", "Europe/Berlin "] {
            #expect(throws: CronError.self) { try CronZone(name) }
        }
    }

    @Test("POSIX TZ rules")
    func posix() throws {
        let rule = try #require(PosixTZRule("EST5EDT,M3.2.0,M11.1.0"))
        #expect(rule.standardOffset == -18_000 && rule.dst?.offset == -14_400)
        let t = rule.transitions(fromYear: 2026, throughYear: 2026)
        #expect(
            t.map { InstantFormat.string(epochSecond: $0.at, offset: 0) } == [
                "2026-03-08T07:00:00+00:00", "2026-11-01T06:00:00+00:00",
            ])
        let south = try #require(PosixTZRule("<+1030>-10:30<+11>-11:00,M10.1.0,M4.1.0"))
        #expect(south.standardOffset == 37_800 && south.dst?.offset == 39_600)
        #expect(south.transitions(fromYear: 2027, throughYear: 2027).first?.offset == 37_800)
        #expect(PosixTZRule("<+0530>-5:30")?.dst == nil)
        #expect(PosixTZRule("EET-2EEST,M4.5.5/0,M10.5.4/24") != nil)
        #expect(PosixTZRule("<-04>4<-03>,M9.1.6/24,M4.1.6/24") != nil)
    }

    @Test("ISO-8601 instants round-trip")
    func instants() throws {
        let t = try #require(InstantFormat.epochSecond(parsing: "2026-03-08T03:00:00-04:00"))
        #expect(InstantFormat.string(epochSecond: t, offset: -14_400) == "2026-03-08T03:00:00-04:00")
        #expect(InstantFormat.epochSecond(parsing: "2026-03-08T07:00:00Z") == t)
        #expect(InstantFormat.epochSecond(parsing: "2026-03-08T07:00:00.750Z") == t)
        #expect(InstantFormat.epochSecond(parsing: "2026-03-08T07:00Z") == t)
        #expect(InstantFormat.epochSecond(parsing: "2026-02-30T07:00:00Z") == nil)
        #expect(InstantFormat.epochSecond(parsing: "yesterday") == nil)
        let ny = try CronZone("America/New_York")
        #expect(InstantFormat.epochSecond(parsing: "2026-03-08T03:00:00", zone: ny) == t)
        #expect(InstantFormat.string(epochSecond: -1, offset: 0) == "1969-12-31T23:59:59+00:00")
    }
}
