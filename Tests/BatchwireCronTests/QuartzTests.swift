import Testing

@testable import BatchwireCron

@Suite("Dialect quartz")
struct QuartzTests {
    @Test("day-of-week 1 is Sunday, 7 Saturday; L alone is Saturday")
    func weekdays() throws {
        #expect(try CronExpression("0 0 0 ? * 1", dialect: .quartz).days.weekdays == 1 << 0)
        #expect(try CronExpression("0 0 0 ? * 7", dialect: .quartz).days.weekdays == 1 << 6)
        #expect(try CronExpression("0 0 0 ? * SAT", dialect: .quartz).days.weekdays == 1 << 6)
        #expect(try CronExpression("0 0 0 ? * L", dialect: .quartz).days.weekdays == 1 << 6)
        #expect(try CronExpression("0 0 0 ? * 2-6", dialect: .quartz).days == CronExpression("0 0 * * 1-5").days)
        #expect(try CronExpression("0 0 0 ? * 6#3", dialect: .quartz).days.nthWeekday == 1 << (2 * 7 + 5))
        #expect(try CronExpression("0 0 0 ? * 1L", dialect: .quartz).days.lastWeekdays == 1)
    }

    @Test("reversed ranges wrap")
    func wrap() throws {
        #expect(try CronExpression("0 0 22-2 * * ?", dialect: .quartz).hours.members == [0, 1, 2, 22, 23])
        #expect(try CronExpression("0 0 0 1 NOV-FEB ?", dialect: .quartz).months.members == [1, 2, 11, 12])
        #expect(try CronExpression("0 50-10/10 0 * * ?", dialect: .quartz).minutes.members == [0, 10, 50])
        #expect(
            try CronExpression("0 0 0 28-2 * ?", dialect: .quartz).days.monthDays.members == [1, 2, 28, 29, 30, 31])
        #expect(try CronExpression("0 0 0 ? * FRI-MON", dialect: .quartz).days.weekdays.members == [0, 1, 5, 6])
    }

    @Test("a/n runs to the field's maximum; steps up to the span are accepted")
    func steps() throws {
        #expect(try CronExpression("0 0/59 * * * ?", dialect: .quartz).minutes.members == [0, 59])
        #expect(try CronExpression("0 0 0 ? * 2/2", dialect: .quartz).days.weekdays.members == [1, 3, 5])
        #expect(try CronExpression("0 0 0 1 1 ? 2026/50", dialect: .quartz).years.members == [2026, 2076, 2126, 2176])
    }

    @Test("fires")
    func fires() throws {
        let got = try BatchwireCronTests.fires(
            "0 15 10 ? * 6L 2026-2027", after: "2026-01-01T00:00:00Z", count: 2, dialect: .quartz
        )
        #expect(got == ["2026-01-30T10:15:00+00:00", "2026-02-27T10:15:00+00:00"])
        let lw = try BatchwireCronTests.fires(
            "0 0 12 LW * ?", after: "2026-01-01T00:00:00Z", count: 2, dialect: .quartz)
        #expect(lw == ["2026-01-30T12:00:00+00:00", "2026-02-27T12:00:00+00:00"])
    }
}
