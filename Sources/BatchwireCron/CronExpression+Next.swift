import CivilTime

/// The calendar search: the next matching local wall-clock time, skipping whole years, months,
/// days, hours and minutes by the bitsets, never stepping minute by minute.
extension CronExpression {
    /// The first matching second of a matching day.
    @inline(__always)
    var firstTimeOfDay: Int64 {
        Int64(firstHour * 3600 + firstMinute * 60 + firstSecond)
    }

    /// The smallest matching local time (wall-clock seconds since 1970-01-01T00:00 local) that is
    /// `>= start`, or `nil` when the year field has run out.
    func nextLocal(from start: Int64) -> Int64? {
        let startDay = CivilCalendar.floorDivide(start, CivilCalendar.secondsPerDay)
        let secondOfDay = Int(start - startDay * CivilCalendar.secondsPerDay)
        var (y, m, d) = CivilCalendar.date(days: startDay)
        var hh = secondOfDay / 3600
        var mi = secondOfDay / 60 % 60
        var ss = secondOfDay % 60
        // Without a year field the 400-year check at parse time guarantees a fire within a cycle.
        let lastYear = years.isAll ? y + 401 : CronField.lastYear
        while y <= lastYear {
            if !years.contains(y) {
                guard let next = years.first(from: y + 1) else { return nil }
                (y, m, d, hh, mi, ss) = (next, 1, 1, 0, 0, 0)
            }
            if !months.hasMember(m) {
                guard let next = months.firstMember(from: m + 1) else {
                    (y, m, d, hh, mi, ss) = (y + 1, 1, 1, 0, 0, 0)
                    continue
                }
                (m, d, hh, mi, ss) = (next, 1, 0, 0, 0)
            }
            let dim = CivilCalendar.daysInMonth(year: y, month: m)
            let firstDay = CivilCalendar.days(year: y, month: m, day: 1)
            let mask = days.days(daysInMonth: dim, firstWeekday: CivilCalendar.weekday(days: firstDay))
            if let day = mask.firstMember(from: d) {
                if day != d { (d, hh, mi, ss) = (day, 0, 0, 0) }
                if let time = nextTime(hour: hh, minute: mi, second: ss) {
                    return (firstDay + Int64(d - 1)) * CivilCalendar.secondsPerDay + time
                }
                if let later = mask.firstMember(from: d + 1) {
                    return (firstDay + Int64(later - 1)) * CivilCalendar.secondsPerDay + firstTimeOfDay
                }
            }
            (d, hh, mi, ss) = (1, 0, 0, 0)
            if m == 12 { (y, m) = (y + 1, 1) } else { m += 1 }
        }
        return nil
    }

    /// The first matching second of the day at or after `hour:minute:second`, as seconds of the day.
    @inline(__always)
    func nextTime(hour: Int, minute: Int, second: Int) -> Int64? {
        if hours.hasMember(hour) {
            if minutes.hasMember(minute), let s = seconds.firstMember(from: second) {
                return Int64(hour * 3600 + minute * 60 + s)
            }
            if let m = minutes.firstMember(from: minute + 1) {
                return Int64(hour * 3600 + m * 60 + firstSecond)
            }
        }
        if let h = hours.firstMember(from: hour + 1) {
            return Int64(h * 3600 + firstMinute * 60 + firstSecond)
        }
        return nil
    }
}
