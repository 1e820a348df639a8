/// The compiled day-of-month and day-of-week fields, including the calendar extras
/// (`L`, `L-n`, `LW`, `nW`, `dL`, `d#n`), and the POSIX rule that joins them.
struct DaySpec: Sendable, Hashable {
    /// Day-of-month is restricted (not `*` or `?`).
    var domRestricted = false
    /// Day-of-week is restricted (not `*` or `?`).
    var dowRestricted = false
    /// Plain days of the month, bits 1-31.
    var monthDays: UInt64 = 0
    /// `L-n`: bit n means the day n days before the last (bit 0 is `L`).
    var beforeLast: UInt64 = 0
    /// `LW`: the last weekday (Mon-Fri) of the month.
    var lastWeekday = false
    /// `nW`: bit n means the weekday nearest day n, within the month.
    var nearestWeekday: UInt64 = 0
    /// Plain weekdays, bits 0 (Sunday) - 6 (Saturday).
    var weekdays: UInt64 = 0
    /// `d#n`: bit `(n - 1) * 7 + d`.
    var nthWeekday: UInt64 = 0
    /// `dL`: bit d means the last weekday d of the month.
    var lastWeekdays: UInt64 = 0

    /// Bits at days 1, 8, 15, 22, 29.
    private static let weekColumn: UInt64 = 0x1020_4081 << 1

    /// The days of the given month that match, as bits 1-31.
    ///
    /// - Parameters:
    ///   - daysInMonth: 28-31.
    ///   - firstWeekday: the weekday of day 1, 0 = Sunday.
    @inline(__always)
    func days(daysInMonth dim: Int, firstWeekday w1: Int) -> UInt64 {
        let valid = UInt64.range(1, dim)
        if !domRestricted && !dowRestricted { return valid }
        var result: UInt64 = 0
        if domRestricted {
            result = monthDays & valid
            if beforeLast | nearestWeekday != 0 || lastWeekday {
                result |= specialMonthDays(dim: dim, w1: w1)
            }
        }
        if dowRestricted {
            result |= weekDays(dim: dim, w1: w1) & valid
        }
        return result
    }

    private func specialMonthDays(dim: Int, w1: Int) -> UInt64 {
        var result: UInt64 = 0
        var rest = beforeLast
        while rest != 0 {
            let n = rest.trailingZeroBitCount
            rest &= rest - 1
            if dim - n >= 1 { result |= 1 << UInt64(dim - n) }
        }
        if lastWeekday {
            let wl = (w1 + dim - 1) % 7
            let day = wl == 6 ? dim - 1 : wl == 0 ? dim - 2 : dim
            result |= 1 << UInt64(day)
        }
        rest = nearestWeekday & UInt64.range(1, dim)
        while rest != 0 {
            let n = rest.trailingZeroBitCount
            rest &= rest - 1
            let w = (w1 + n - 1) % 7
            var day = n
            if w == 6 {
                day = n == 1 ? n + 2 : n - 1
            } else if w == 0 {
                day = n == dim ? n - 2 : n + 1
            }
            result |= 1 << UInt64(day)
        }
        return result
    }

    private func weekDays(dim: Int, w1: Int) -> UInt64 {
        var result: UInt64 = 0
        if weekdays != 0 {
            for k in 0..<7 where weekdays.hasMember((w1 + k) % 7) {
                result |= Self.weekColumn << UInt64(k)
            }
        }
        var rest = nthWeekday
        while rest != 0 {
            let bit = rest.trailingZeroBitCount
            rest &= rest - 1
            let day = 1 + (bit % 7 - w1 + 7) % 7 + 7 * (bit / 7)
            if day <= dim { result |= 1 << UInt64(day) }
        }
        rest = lastWeekdays
        if rest != 0 {
            let wl = (w1 + dim - 1) % 7
            while rest != 0 {
                let d = rest.trailingZeroBitCount
                rest &= rest - 1
                result |= 1 << UInt64(dim - (wl - d + 7) % 7)
            }
        }
        return result
    }
}
