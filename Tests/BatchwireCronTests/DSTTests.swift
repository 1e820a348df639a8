import Testing

@testable import BatchwireCron

/// The spec's daylight-saving rules and the per-schedule overrides.
@Suite("Daylight saving time")
struct DSTTests {
    let ny = "America/New_York"

    @Test("fixed-time in a gap fires once at the end of the gap; several collapse")
    func gapShift() throws {
        #expect(
            try fires("30 2 * * *", zone: ny, after: "2026-03-07T12:00:00-05:00", count: 2)
                == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]
        )
        #expect(
            try fires("0,15,30,45 2 * * *", zone: ny, after: "2026-03-08T00:00:00-05:00", count: 2)
                == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"]
        )
    }

    @Test("fixed-time in an overlap fires on the first pass only")
    func overlapFirst() throws {
        #expect(
            try fires("30 1 * * *", zone: ny, after: "2026-10-31T12:00:00-04:00", count: 2)
                == ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]
        )
    }

    @Test("interval expressions skip the gap and fire on both passes")
    func interval() throws {
        #expect(
            try fires("*/30 * * * *", zone: ny, after: "2026-03-08T01:00:00-05:00", count: 2)
                == ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00"]
        )
        #expect(
            try fires("0 * * * *", zone: ny, after: "2026-11-01T00:30:00-04:00", count: 3)
                == ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]
        )
    }

    @Test("gap: skip drops a fixed time that does not exist")
    func gapSkip() throws {
        #expect(
            try fires("30 2 * * *", zone: ny, after: "2026-03-07T12:00:00-05:00", count: 2, gap: .skip)
                == ["2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"]
        )
    }

    @Test("gap: shift makes an interval expression fire at the end of the gap")
    func gapShiftInterval() throws {
        #expect(
            try fires("30 * * * *", zone: ny, after: "2026-03-08T01:00:00-05:00", count: 3, gap: .shift)
                == ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"]
        )
    }

    @Test("overlap: last and both")
    func overlapOverrides() throws {
        #expect(
            try fires("30 1 * * *", zone: ny, after: "2026-10-31T12:00:00-04:00", count: 2, overlap: .last)
                == ["2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]
        )
        #expect(
            try fires("30 1 * * *", zone: ny, after: "2026-10-31T12:00:00-04:00", count: 3, overlap: .both)
                == ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"]
        )
        #expect(
            try fires("0 * * * *", zone: ny, after: "2026-11-01T00:30:00-04:00", count: 2, overlap: .first)
                == ["2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00"]
        )
        #expect(
            try fires("0 * * * *", zone: ny, after: "2026-11-01T00:30:00-04:00", count: 2, overlap: .last)
                == ["2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]
        )
    }

    @Test("asking from inside an overlap gives the answers of walking from before it")
    func fromInsideOverlap() throws {
        let schedule = try CronSchedule("*/20 * * * *", zone: ny)
        let before = InstantFormat.epochSecond(parsing: "2026-11-01T00:30:00-04:00")!
        let walk = schedule.nextEpochSeconds(after: before, count: 12)
        for (k, fire) in walk.enumerated().dropLast() {
            for probe in [fire, fire + 1, walk[k + 1] - 1] {
                #expect(schedule.nextEpochSecond(after: probe) == walk[k + 1])
            }
        }
    }

    @Test("Lord Howe's 30-minute change and Samoa's skipped day")
    func unusualZones() throws {
        #expect(
            try fires("15 2 * * *", zone: "Australia/Lord_Howe", after: "2026-10-03T12:00:00+10:30", count: 1)
                == ["2026-10-04T02:30:00+11:00"]
        )
        #expect(
            try fires("0 12 * * *", zone: "Pacific/Apia", after: "2011-12-29T00:00:00-10:00", count: 2)
                == ["2011-12-29T12:00:00-10:00", "2011-12-31T00:00:00+14:00"]
        )
    }

    @Test("far future uses the zone's POSIX rule")
    func posixRule() throws {
        #expect(
            try fires("0 3 * * *", zone: ny, after: "2150-07-01T00:00:00Z", count: 1) == ["2150-07-01T03:00:00-04:00"]
        )
        #expect(
            try fires("0 3 * * *", zone: ny, after: "2150-01-10T00:00:00Z", count: 1) == ["2150-01-10T03:00:00-05:00"]
        )
    }

    @Test("sparse expressions that jump over many offset changes keep the DST rules")
    func sparseAcrossChanges() throws {
        // The second Sunday of March at 02:30 is always inside New York's gap.
        #expect(
            try fires("30 2 * 3 0#2", zone: ny, after: "2026-01-01T00:00:00-05:00", count: 3)
                == ["2026-03-08T03:00:00-04:00", "2027-03-14T03:00:00-04:00", "2028-03-12T03:00:00-04:00"]
        )
        // The first Sunday of November at 01:30 is always inside the overlap: first pass by default.
        #expect(
            try fires("30 1 * 11 0#1", zone: ny, after: "2026-01-01T00:00:00-05:00", count: 2)
                == ["2026-11-01T01:30:00-04:00", "2027-11-07T01:30:00-04:00"]
        )
        #expect(
            try fires("30 1 * 11 0#1", zone: ny, after: "2026-01-01T00:00:00-05:00", count: 2, overlap: .last)
                == ["2026-11-01T01:30:00-05:00", "2027-11-07T01:30:00-05:00"]
        )
        #expect(
            try fires("0 0 29 2 *", zone: "Australia/Lord_Howe", after: "2026-01-01T00:00:00Z", count: 2)
                == ["2028-02-29T00:00:00+11:00", "2032-02-29T00:00:00+11:00"]
        )
        #expect(
            try fires("0 0 0 1 1 * 2199", zone: ny, after: "1990-01-01T00:00:00Z", count: 2)
                == ["2199-01-01T00:00:00-05:00"]
        )
    }
}
