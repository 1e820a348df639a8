import CivilTime
import Testing

@Suite("Civil calendar")
struct CivilCalendarTests {
    @Test("day numbers round-trip over 800 years, day by day")
    func roundTrip() {
        var day: Int64 = CivilCalendar.days(year: 1700, month: 1, day: 1)
        var (y, m, d) = (1700, 1, 1)
        while y < 2500 {
            let date = CivilCalendar.date(days: day)
            #expect(date.year == y && date.month == m && date.day == d)
            if date.year != y || date.month != m || date.day != d { return }
            #expect(CivilCalendar.days(year: y, month: m, day: d) == day)
            day += 1
            d += 1
            if d > CivilCalendar.daysInMonth(year: y, month: m) {
                d = 1
                m += 1
                if m > 12 { (m, y) = (1, y + 1) }
            }
        }
    }

    @Test("known day numbers, as java.time's LocalDate.toEpochDay()")
    func knownDays() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.days(year: 1, month: 1, day: 1) == -719_162)
        #expect(CivilCalendar.days(year: 9999, month: 12, day: 31) == 2_932_896)
        #expect(CivilCalendar.days(year: 0, month: 1, day: 1) == -719_528)
        #expect(CivilCalendar.days(year: -1, month: 12, day: 31) == -719_529)
        #expect(CivilCalendar.date(days: -719_529) == (-1, 12, 31))
        #expect(CivilCalendar.date(days: 2_932_896) == (9999, 12, 31))
        // LocalDate.MIN and MAX.
        #expect(CivilCalendar.days(year: -999_999_999, month: 1, day: 1) == -365_243_219_162)
        #expect(CivilCalendar.days(year: 999_999_999, month: 12, day: 31) == 365_241_780_471)
        #expect(CivilCalendar.date(days: -365_243_219_162) == (-999_999_999, 1, 1))
    }

    @Test("leap years and month lengths")
    func monthLengths() {
        #expect(CivilCalendar.isLeapYear(2024) && CivilCalendar.isLeapYear(2000) && CivilCalendar.isLeapYear(0))
        #expect(!CivilCalendar.isLeapYear(1900) && !CivilCalendar.isLeapYear(2026) && !CivilCalendar.isLeapYear(-1))
        #expect(CivilCalendar.isLeapYear(-4))
        let lengths = (1...12).map { CivilCalendar.daysInMonth(year: 2026, month: $0) }
        #expect(lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(CivilCalendar.daysInMonth(year: 2024, month: 2) == 29)
    }

    @Test("weekdays: cron's Sunday-based and ISO's Monday-based")
    func weekdays() {
        // 2026-03-08 was a Sunday, 1970-01-01 a Thursday, 1969-12-29 a Monday.
        let sunday = CivilCalendar.days(year: 2026, month: 3, day: 8)
        #expect(CivilCalendar.weekday(days: sunday) == 0)
        #expect(CivilCalendar.isoDayOfWeek(days: sunday) == 7)
        #expect(CivilCalendar.weekday(days: 0) == 4)
        #expect(CivilCalendar.isoDayOfWeek(days: 0) == 4)
        #expect(CivilCalendar.weekday(days: -3) == 1)
        #expect(CivilCalendar.isoDayOfWeek(days: -3) == 1)
        for offset in Int64(-800)...800 {
            let sundayBased = CivilCalendar.weekday(days: offset)
            #expect(CivilCalendar.isoDayOfWeek(days: offset) == (sundayBased == 0 ? 7 : sundayBased))
            #expect(CivilCalendar.weekday(days: offset + 7) == sundayBased)
        }
    }

    @Test("floor division and modulus round toward negative infinity")
    func floorDivision() {
        #expect(CivilCalendar.floorDivide(7, 2) == 3)
        #expect(CivilCalendar.floorDivide(-7, 2) == -4)
        #expect(CivilCalendar.floorDivide(-8, 2) == -4)
        #expect(CivilCalendar.floorDivide(7, -2) == -4)
        #expect(CivilCalendar.floorDivide(-7, -2) == 3)
        #expect(CivilCalendar.floorModulus(-7, 2) == 1)
        #expect(CivilCalendar.floorModulus(-1, 86_400) == 86_399)
        #expect(CivilCalendar.floorModulus(86_400, 86_400) == 0)
        #expect(CivilCalendar.floorDivide(-1, CivilCalendar.secondsPerDay) == -1)
    }
}
