import CivilTime

/// A POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0` or `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`,
/// as found in the footer of TZif files; used to extend a zone's transitions past the table.
struct PosixTZRule {
    /// A rule date with the local time of day (seconds, may be negative or above 24 h).
    enum Day {
        /// `Mm.w.d`: weekday d (0 = Sunday) of week w (5 = last) of month m.
        case monthWeek(month: Int, week: Int, weekday: Int)
        /// `Jn`: day 1-365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0-365, February 29 counted.
        case zeroBased(Int)
    }

    struct DST {
        var offset: Int
        var start: Day
        var startTime: Int
        var end: Day
        var endTime: Int
    }

    /// Standard offset in seconds east of UTC.
    var standardOffset: Int
    /// Daylight saving time, if the rule has it.
    var dst: DST?

    init?(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard scanner.skipName(), let std = scanner.time() else { return nil }
        standardOffset = -std
        guard !scanner.atEnd else { return }
        guard scanner.skipName() else { return nil }
        var dstOffset = standardOffset + 3600
        if let offset = scanner.time() { dstOffset = -offset }
        guard scanner.take(","), let start = scanner.day() else { return nil }
        let startTime = scanner.take("/") ? scanner.time() ?? 7200 : 7200
        guard scanner.take(","), let end = scanner.day() else { return nil }
        let endTime = scanner.take("/") ? scanner.time() ?? 7200 : 7200
        dst = DST(offset: dstOffset, start: start, startTime: startTime, end: end, endTime: endTime)
    }

    /// The offset changes the rule makes in the given years, in time order.
    func transitions(fromYear: Int, throughYear: Int) -> [(at: Int64, offset: Int)] {
        guard let dst, fromYear <= throughYear else { return [] }
        var out: [(at: Int64, offset: Int)] = []
        for year in fromYear...throughYear {
            let begin = Self.dayNumber(dst.start, year: year) * 86_400 + Int64(dst.startTime - standardOffset)
            let finish = Self.dayNumber(dst.end, year: year) * 86_400 + Int64(dst.endTime - dst.offset)
            var pair = [(at: begin, offset: dst.offset), (at: finish, offset: standardOffset)]
            if finish < begin { pair.swapAt(0, 1) }
            out.append(contentsOf: pair)
        }
        return out
    }

    static func dayNumber(_ day: Day, year: Int) -> Int64 {
        switch day {
        case .monthWeek(let month, let week, let weekday):
            let first = CivilCalendar.days(year: year, month: month, day: 1)
            var d = 1 + (weekday - CivilCalendar.weekday(days: first) + 7) % 7 + 7 * (week - 1)
            let dim = CivilCalendar.daysInMonth(year: year, month: month)
            while d > dim { d -= 7 }
            return first + Int64(d - 1)
        case .julian(let n):
            let jan1 = CivilCalendar.days(year: year, month: 1, day: 1)
            return jan1 + Int64(n - 1) + (CivilCalendar.isLeapYear(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            return CivilCalendar.days(year: year, month: 1, day: 1) + Int64(n)
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i >= bytes.count }

        mutating func take(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue else { return false }
            i += 1
            return true
        }

        mutating func skipName() -> Bool {
            if take("<") {
                while i < bytes.count && bytes[i] != UInt8(ascii: ">") { i += 1 }
                return take(">")
            }
            let start = i
            while i < bytes.count, (bytes[i] | 0x20) >= 0x61, (bytes[i] | 0x20) <= 0x7A { i += 1 }
            return i - start >= 3
        }

        mutating func number() -> Int? {
            let start = i
            var n = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, i - start < 6 {
                n = n * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            return i > start ? n : nil
        }

        /// `[+-]h[:mm[:ss]]` in seconds.
        mutating func time() -> Int? {
            var sign = 1
            if take("-") { sign = -1 } else { _ = take("+") }
            guard let h = number() else { return nil }
            var seconds = h * 3600
            if take(":") {
                guard let m = number() else { return nil }
                seconds += m * 60
                if take(":") {
                    guard let s = number() else { return nil }
                    seconds += s
                }
            }
            return sign * seconds
        }

        mutating func day() -> Day? {
            if take("M") {
                guard let m = number(), take("."), let w = number(), take("."), let d = number(),
                    (1...12).contains(m), (1...5).contains(w), (0...6).contains(d)
                else { return nil }
                return .monthWeek(month: m, week: w, weekday: d)
            }
            if take("J") {
                guard let n = number(), (1...365).contains(n) else { return nil }
                return .julian(n)
            }
            guard let n = number(), n <= 365 else { return nil }
            return .zeroBased(n)
        }
    }
}
