/// `H`, `H(a-b)` and `H/n`: values derived from the schedule's seed (FNV-1a 64 of `seed + "/" + field`).
extension CronParser {
    /// The range `H` picks from: the field's range, except day-of-month 1-28 and day-of-week 0-6.
    static func hashRange(_ field: CronField) -> ClosedRange<Int> {
        switch field {
        case .dayOfMonth: 1...28
        case .dayOfWeek: 0...6
        default: field.cronRange
        }
    }

    /// The values of an `H` item, in cron numbering.
    func hashed(_ item: ArraySlice<UInt8>, _ field: CronField) throws(CronError) -> [Int] {
        guard dialect == .cron else {
            throw CronError(
                .misplaced, field: field, token: text(item), reason: "uses H, which dialect quartz does not have")
        }
        guard field != .year else {
            throw CronError(
                .misplaced, field: field, token: text(item), reason: "uses H, which the year field does not take")
        }
        let h = FNV1a.hash64(seed + "/" + field.hashName)
        var rest = item.dropFirst()
        var lo = Self.hashRange(field).lowerBound
        var hi = Self.hashRange(field).upperBound
        var ranged = false
        if rest.first == UInt8(ascii: "(") {
            guard let close = rest.firstIndex(of: UInt8(ascii: ")")),
                let dash = rest[rest.startIndex..<close].firstIndex(of: UInt8(ascii: "-"))
            else {
                throw CronError(.syntax, field: field, token: text(item), reason: "is not H(a-b)")
            }
            lo = try value(rest[(rest.startIndex + 1)..<dash], field, item: item)
            hi = try value(rest[(dash + 1)..<close], field, item: item)
            if hi < lo {
                throw CronError(.reversedRange, field: field, token: text(item), reason: "is a reversed range")
            }
            ranged = true
            rest = rest[(close + 1)...]
        }
        if rest.isEmpty {
            let v = lo + Int(h % UInt64(hi - lo + 1))
            return [field == .dayOfWeek ? v % 7 : v]
        }
        guard rest.first == UInt8(ascii: "/") else {
            throw CronError(.syntax, field: field, token: text(item), reason: "is not H, H(a-b) or H/n")
        }
        if ranged {
            throw CronError(
                .misplaced, field: field, token: text(item),
                reason: "combines H(a-b) with a step, which is not supported")
        }
        let step = try parseStep(rest.dropFirst(), item: item, field: field)
        var values: [Int] = []
        var v = lo + Int(h % UInt64(step))
        while v <= hi {
            values.append(field == .dayOfWeek ? v % 7 : v)
            v += step
        }
        if values.isEmpty {
            throw CronError(
                .invalidStep, field: field, token: text(item), reason: "has a step that leaves no value in \(lo)-\(hi)")
        }
        return values
    }
}
