/// Reading day-of-month and day-of-week, with `?`, `L`, `L-n`, `LW`, `nW`, `dL` and `d#n`.
extension CronParser {
    /// Reads day-of-month into `days`.
    /// - Returns: whether the field is `?`.
    func parseDayOfMonth(_ token: Token, into days: inout DaySpec) throws(CronError) -> Bool {
        if token.bytes.elementsEqual("?".utf8) { return true }
        if token.bytes.elementsEqual("*".utf8) { return false }
        days.domRestricted = true
        var items = 0
        var special = false
        try forEachItem(token, .dayOfMonth) { item throws(CronError) in
            items += 1
            if try parseMonthDaySpecial(item, into: &days) {
                special = true
            } else {
                try forEachValue(item, .dayOfMonth) { days.monthDays |= 1 << UInt64($0) }
            }
        }
        if dialect == .quartz && special && items > 1 {
            throw CronError(
                .misplaced, field: .dayOfMonth, token: token.text,
                reason: "mixes L or W with other days, which dialect quartz does not allow"
            )
        }
        return false
    }

    /// `L`, `L-n`, `LW`, `nW`; returns `false` for anything else.
    private func parseMonthDaySpecial(_ item: ArraySlice<UInt8>, into days: inout DaySpec) throws(CronError) -> Bool {
        if item.contains(UInt8(ascii: "#")) {
            throw CronError(
                .misplaced, field: .dayOfMonth, token: text(item), reason: "uses '#', which belongs in day-of-week")
        }
        let start = item.startIndex
        if item[start] | 0x20 == UInt8(ascii: "l") {
            if item.count == 1 {
                days.beforeLast |= 1
            } else if item.count == 2, item[start + 1] | 0x20 == UInt8(ascii: "w") {
                days.lastWeekday = true
            } else if item.count > 2, item[start + 1] == UInt8(ascii: "-") {
                guard let n = Self.number(item.dropFirst(2)) else {
                    throw CronError(
                        .syntax, field: .dayOfMonth, token: text(item), reason: "is not L-n with a number n")
                }
                guard n <= 30 else {
                    throw CronError(
                        .outOfRange, field: .dayOfMonth, token: text(item), reason: "is out of range L-0 to L-30")
                }
                days.beforeLast |= 1 << UInt64(n)
            } else {
                throw CronError(.syntax, field: .dayOfMonth, token: text(item), reason: "is not L, L-n or LW")
            }
            return true
        }
        if item[item.endIndex - 1] | 0x20 == UInt8(ascii: "w") {
            let dayBytes = item.dropLast()
            guard let n = Self.number(dayBytes) else {
                throw CronError(
                    .misplaced, field: .dayOfMonth, token: text(item), reason: "uses W, which takes a single day (nW)")
            }
            guard (1...31).contains(n) else {
                throw CronError(.outOfRange, field: .dayOfMonth, token: text(item), reason: "is out of range 1W-31W")
            }
            days.nearestWeekday |= 1 << UInt64(n)
            return true
        }
        return false
    }

    /// Reads day-of-week into `days`.
    /// - Returns: whether the field is `?`.
    func parseDayOfWeek(_ token: Token, into days: inout DaySpec) throws(CronError) -> Bool {
        if token.bytes.elementsEqual("?".utf8) { return true }
        if token.bytes.elementsEqual("*".utf8) { return false }
        days.dowRestricted = true
        var items = 0
        var special = false
        try forEachItem(token, .dayOfWeek) { item throws(CronError) in
            items += 1
            if try parseWeekdaySpecial(item, into: &days) {
                special = true
            } else {
                try forEachValue(item, .dayOfWeek) { days.weekdays |= 1 << UInt64($0) }
            }
        }
        if dialect == .quartz && special && items > 1 {
            throw CronError(
                .misplaced, field: .dayOfWeek, token: token.text,
                reason: "mixes '#' or L with other days; dialect quartz allows one such item per field"
            )
        }
        return false
    }

    /// `dL`, `d#n` (and `L` alone in dialect quartz); returns `false` for anything else.
    private func parseWeekdaySpecial(_ item: ArraySlice<UInt8>, into days: inout DaySpec) throws(CronError) -> Bool {
        if let last = item.last, last | 0x20 == UInt8(ascii: "w") {
            throw CronError(
                .misplaced, field: .dayOfWeek, token: text(item),
                reason: "uses W, which only makes sense in day-of-month")
        }
        if let hash = item.firstIndex(of: UInt8(ascii: "#")) {
            let d = try weekday(item[item.startIndex..<hash], item: item)
            guard let n = Self.number(item[(hash + 1)...]) else {
                throw CronError(.syntax, field: .dayOfWeek, token: text(item), reason: "is not d#n with a number n")
            }
            guard (1...5).contains(n) else {
                throw CronError(
                    .outOfRange, field: .dayOfWeek, token: text(item), reason: "is out of range: #n takes n 1-5")
            }
            days.nthWeekday |= 1 << UInt64((n - 1) * 7 + d)
            return true
        }
        guard let last = item.last, last | 0x20 == UInt8(ascii: "l") else { return false }
        if item.count == 1 {
            guard dialect == .quartz else {
                throw CronError(
                    .misplaced, field: .dayOfWeek, token: "L",
                    reason: "alone is ambiguous in day-of-week; write dL (5L = last Friday) or a weekday"
                )
            }
            days.weekdays |= 1 << 6
            return true
        }
        let d = try weekday(item.dropLast(), item: item)
        days.lastWeekdays |= 1 << UInt64(d)
        return true
    }

    /// A single weekday number or name in the dialect's numbering, as 0 = Sunday .. 6.
    private func weekday(_ bytes: ArraySlice<UInt8>, item: ArraySlice<UInt8>) throws(CronError) -> Int {
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: "-")), !bytes.contains(UInt8(ascii: "/")) else {
            throw CronError(
                .misplaced, field: .dayOfWeek, token: text(item), reason: "needs a single weekday before '#' or L")
        }
        return normalize(try value(bytes, .dayOfWeek, item: item), .dayOfWeek, wrap: 0)
    }
}
