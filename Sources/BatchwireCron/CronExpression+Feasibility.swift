import CivilTime

/// Rejecting expressions that can never fire.
///
/// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks), and
/// within it every year is one of 14 kinds: leap or not, times the weekday of January 1, and all
/// 14 occur. So an expression without a year field fires if and only if some kind of year has a
/// matching day in a matching month; with a year field, only the listed years' kinds count.
extension CronExpression {
    /// Days before the first of each month in a common year.
    private static let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    /// - Parameter text: the text of a field, for the error message.
    func checkCanFire(text: (CronField) -> String) throws(CronError) {
        var anyKind = false
        kinds: for leap in 0..<2 {
            for jan1 in 0..<7 where yearKindFires(leap: leap == 1, jan1: jan1) {
                anyKind = true
                break kinds
            }
        }
        guard anyKind else {
            let field: CronField = days.domRestricted ? .dayOfMonth : .dayOfWeek
            let token = text(field)
            throw CronError(
                .neverFires, field: field, token: token,
                reason: "never falls in month \"\(text(.month))\": the expression can never fire"
            )
        }
        guard !years.isAll else { return }
        for year in years.members {
            let jan1 = CivilCalendar.weekday(days: CivilCalendar.days(year: year, month: 1, day: 1))
            if yearKindFires(leap: CivilCalendar.isLeapYear(year), jan1: jan1) { return }
        }
        throw CronError(
            .neverFires, field: .year, token: text(.year),
            reason: "has no year in which the day and month fields match: the expression can never fire"
        )
    }

    /// Whether a year of this kind has a matching day in a matching month.
    private func yearKindFires(leap: Bool, jan1: Int) -> Bool {
        var rest = months
        while rest != 0 {
            let month = rest.trailingZeroBitCount
            rest &= rest - 1
            let dim = month == 2 ? (leap ? 29 : 28) : CivilCalendar.daysInMonth(year: 2001, month: month)
            let before = Self.daysBeforeMonth[month - 1] + (leap && month > 2 ? 1 : 0)
            if days.days(daysInMonth: dim, firstWeekday: (jan1 + before) % 7) != 0 { return true }
        }
        return false
    }
}
