/// Reading the items of a field: numbers, names, ranges, steps and `H`.
extension CronParser {
    /// A run of values `start...end` by `step` before normalisation (Quartz wrap-around may
    /// push `end` past the field's maximum; ``normalize(_:_:wrap:)`` folds it back).
    struct Run {
        var start: Int
        var end: Int
        var step: Int
        var wrap: Int = 0
    }

    /// The members of a plain field (second, minute, hour, month) as a bitset.
    func bits(_ token: Token, _ field: CronField) throws(CronError) -> UInt64 {
        var result: UInt64 = 0
        try forEachItem(token, field) { item throws(CronError) in
            try forEachValue(item, field) { result |= 1 << UInt64($0) }
        }
        return result
    }

    /// The members of a year field.
    func yearSet(_ token: Token) throws(CronError) -> YearSet {
        if token.bytes.elementsEqual("*".utf8) { return .all }
        var result = YearSet.empty()
        try forEachItem(token, .year) { item throws(CronError) in
            try forEachValue(item, .year) { result.insert($0) }
        }
        return result
    }

    /// Calls `body` for each comma-separated item, rejecting empty items.
    func forEachItem(
        _ token: Token, _ field: CronField, _ body: (ArraySlice<UInt8>) throws(CronError) -> Void
    ) throws(CronError) {
        var start = token.bytes.startIndex
        for i in token.bytes.startIndex...token.bytes.endIndex {
            guard i == token.bytes.endIndex || token.bytes[i] == UInt8(ascii: ",") else { continue }
            if i == start {
                throw CronError(.syntax, field: field, token: token.text, reason: "has an empty list item")
            }
            try body(token.bytes[start..<i])
            start = i + 1
        }
    }

    /// Calls `add` for each value of a plain item (`*`, `a`, `a-b`, with `/n`, or `H`), in cron
    /// numbering (day-of-week 0 = Sunday .. 6).
    func forEachValue(
        _ item: ArraySlice<UInt8>, _ field: CronField, _ add: (Int) -> Void
    ) throws(CronError) {
        if let first = item.first, first | 0x20 == UInt8(ascii: "h") {
            try hashed(item, field).forEach(add)
            return
        }
        if item.elementsEqual("?".utf8) {
            throw CronError(
                .misplaced, field: field, token: "?",
                reason: field == .dayOfMonth || field == .dayOfWeek
                    ? "must stand alone in its field" : "is only allowed in day-of-month and day-of-week"
            )
        }
        let run = try parseRun(item, field)
        var v = run.start
        while v <= run.end {
            add(normalize(v, field, wrap: run.wrap))
            v += run.step
        }
    }

    /// Folds a value into cron numbering: Quartz wrap-around, day-of-week 7 (cron) or 1-7 (quartz).
    @inline(__always)
    func normalize(_ value: Int, _ field: CronField, wrap: Int) -> Int {
        var v = value
        if wrap > 0 {
            v %= wrap
            if v == 0 && (field == .month || field == .dayOfWeek || field == .dayOfMonth) { v = wrap }
        }
        if field == .dayOfWeek {
            v = dialect == .quartz ? v - 1 : v % 7
        }
        return v
    }

    /// Reads `*`, `a`, `a-b`, `*/n`, `a/n`, `a-b/n`.
    func parseRun(_ item: ArraySlice<UInt8>, _ field: CronField) throws(CronError) -> Run {
        let range = dialect == .quartz ? field.quartzRange : field.cronRange
        var base = item
        var step = 1
        var hasStep = false
        if let slash = item.firstIndex(of: UInt8(ascii: "/")) {
            base = item[item.startIndex..<slash]
            step = try parseStep(item[(slash + 1)...], item: item, field: field)
            hasStep = true
        }
        if base.isEmpty {
            throw CronError(.syntax, field: field, token: text(item), reason: "has a step without a start")
        }
        if base.elementsEqual("*".utf8) {
            let hi = dialect == .cron && field == .dayOfWeek ? 6 : range.upperBound
            return Run(start: range.lowerBound, end: hi, step: step)
        }
        if let dash = base.dropFirst().firstIndex(of: UInt8(ascii: "-")) {
            let a = try value(base[base.startIndex..<dash], field, item: item)
            let b = try value(base[(dash + 1)...], field, item: item)
            if b < a {
                guard dialect == .quartz, field != .year else {
                    let hint = field == .dayOfWeek ? " (Sunday is 0: write * or 1-7)" : ""
                    throw CronError(
                        .reversedRange, field: field, token: text(item), reason: "is a reversed range\(hint)")
                }
                let wrap = Self.quartzWrap(field)
                return Run(start: a, end: b + wrap, step: step, wrap: wrap)
            }
            return Run(start: a, end: b, step: step)
        }
        let a = try value(base, field, item: item)
        return Run(start: a, end: hasStep ? range.upperBound : a, step: step)
    }

    private static func quartzWrap(_ field: CronField) -> Int {
        switch field {
        case .second, .minute: 60
        case .hour: 24
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        case .year: 0
        }
    }

    /// Reads a step; rejects 0 and, in dialect quartz, steps larger than the field's span.
    func parseStep(_ bytes: ArraySlice<UInt8>, item: ArraySlice<UInt8>, field: CronField) throws(CronError) -> Int {
        guard let step = Self.number(bytes) else {
            throw CronError(.syntax, field: field, token: text(item), reason: "has a step that is not a number")
        }
        if step == 0 {
            throw CronError(.invalidStep, field: field, token: text(item), reason: "has step 0")
        }
        if dialect == .quartz {
            let limit: Int? =
                switch field {
                case .second, .minute: 59
                case .hour: 23
                case .dayOfMonth: 31
                case .month: 12
                case .dayOfWeek: 7
                case .year: nil
                }
            if let limit, step > limit {
                throw CronError(
                    .invalidStep, field: field, token: text(item),
                    reason: "has a step larger than the field's span (at most \(limit) in dialect quartz)"
                )
            }
        }
        return step
    }

    /// A number or a name, range-checked, in the dialect's own numbering (not yet normalised).
    func value(_ bytes: ArraySlice<UInt8>, _ field: CronField, item: ArraySlice<UInt8>) throws(CronError) -> Int {
        let range = dialect == .quartz ? field.quartzRange : field.cronRange
        if let n = Self.number(bytes) {
            guard range.contains(n) else {
                throw CronError(
                    .outOfRange, field: field, token: text(bytes),
                    reason: "is out of range \(range.lowerBound)-\(range.upperBound)"
                )
            }
            return n
        }
        if let n = Self.name(bytes, field) {
            return dialect == .quartz && field == .dayOfWeek ? n + 1 : n
        }
        let what: String =
            switch field {
            case .month: "is not a month number or name (jan-dec)"
            case .dayOfWeek: "is not a weekday number or name (sun-sat)"
            default: "is not a number"
            }
        throw CronError(.syntax, field: field, token: text(bytes.isEmpty ? item : bytes), reason: what)
    }

    /// A decimal number of at most 9 digits, or `nil`.
    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// A month (1-12) or weekday (0 = Sunday) name, case-insensitive.
    static func name(_ bytes: ArraySlice<UInt8>, _ field: CronField) -> Int? {
        guard bytes.count == 3, field == .month || field == .dayOfWeek else { return nil }
        var key = 0
        for b in bytes { key = key << 8 | Int(b | 0x20) }
        let names = field == .month ? monthNames : weekdayNames
        guard let index = names.firstIndex(of: key) else { return nil }
        return field == .month ? index + 1 : index
    }

    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map(key)
    private static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map(key)

    private static func key(_ name: String) -> Int {
        name.utf8.reduce(0) { $0 << 8 | Int($1) }
    }

    func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
