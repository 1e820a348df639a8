/// Reads expression text into a ``CronExpression``: splitting, macros, field counts and the rules
/// that span fields. The items of each field are read in `CronParser+Items.swift` and
/// `CronParser+Days.swift`.
struct CronParser {
    let dialect: CronDialect
    let seed: String

    /// One field's text as UTF-8 bytes, with the field it belongs to.
    struct Token {
        let bytes: ArraySlice<UInt8>
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    func parse(_ source: String) throws(CronError) -> CronExpression {
        var text = source
        if let first = source.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), first == UInt8(ascii: "@") {
            text = try expandMacro(source)
        }
        let bytes = Array(text.utf8)
        let tokens = split(bytes)
        let fields = try assign(tokens, source: source)
        return try compile(fields, source: source)
    }

    private func expandMacro(_ source: String) throws(CronError) -> String {
        let name = source.trimmingSpaces.lowercased()
        guard dialect == .cron else {
            throw CronError(.misplaced, field: nil, token: name, reason: "is a macro; dialect quartz has none")
        }
        switch name {
        case "@yearly", "@annually": return "0 0 1 1 *"
        case "@monthly": return "0 0 1 * *"
        case "@weekly": return "0 0 * * 0"
        case "@daily", "@midnight": return "0 0 * * *"
        case "@hourly": return "0 * * * *"
        default:
            throw CronError(
                .syntax, field: nil, token: name,
                reason: "is not a known macro (@yearly @annually @monthly @weekly @daily @midnight @hourly)"
            )
        }
    }

    private func split(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(7)
        var start = -1
        for i in 0...bytes.count {
            let isSpace = i == bytes.count || bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A
            if isSpace {
                if start >= 0 { tokens.append(Token(bytes: bytes[start..<i])) }
                start = -1
            } else if start < 0 {
                start = i
            }
        }
        return tokens
    }

    /// Maps the tokens to fields second ... year; absent fields are `nil`.
    private func assign(_ tokens: [Token], source: String) throws(CronError) -> [Token?] {
        switch (dialect, tokens.count) {
        case (.cron, 5):
            return [nil] + tokens.map { Optional($0) } + [nil]
        case (.cron, 6), (.quartz, 6):
            return tokens.map { Optional($0) } + [nil]
        case (.cron, 7), (.quartz, 7):
            return tokens.map { Optional($0) }
        default:
            let allowed = dialect == .cron ? "5, 6 or 7" : "6 or 7"
            throw CronError(
                .fieldCount, field: nil, token: source.trimmingSpaces,
                reason:
                    "has \(tokens.count) field\(tokens.count == 1 ? "" : "s"); dialect \(dialect.rawValue) takes \(allowed)"
            )
        }
    }

    private func compile(_ fields: [Token?], source: String) throws(CronError) -> CronExpression {
        let seconds = try fields[0].map { token throws(CronError) in try bits(token, .second) } ?? 1
        let minutes = try bits(fields[1]!, .minute)
        let hours = try bits(fields[2]!, .hour)
        let months = try bits(fields[4]!, .month)
        var days = DaySpec()
        let domUnset = try parseDayOfMonth(fields[3]!, into: &days)
        let dowUnset = try parseDayOfWeek(fields[5]!, into: &days)
        if dialect == .quartz && domUnset == dowUnset {
            let token = "\(fields[3]!.text) \(fields[5]!.text)"
            throw CronError(
                .misplaced, field: .dayOfWeek, token: token,
                reason: domUnset
                    ? "uses '?' in both day fields; dialect quartz needs exactly one '?'"
                    : "sets both day fields; dialect quartz needs '?' in one of them"
            )
        }
        let years = try fields[6].map { token throws(CronError) in try yearSet(token) } ?? .all
        let fixed = fields[0...2].allSatisfy { token in
            guard let token else { return true }
            return !Self.startsInterval(token.bytes)
        }
        let expression = CronExpression(
            source: source, dialect: dialect, seed: seed, isFixedTime: fixed,
            seconds: seconds, minutes: minutes, hours: hours, months: months,
            days: days, years: years
        )
        try expression.checkCanFire { fields[$0.rawValue]?.text ?? "*" }
        return expression
    }

    /// `*...` or `H/...` makes a time field an interval field.
    private static func startsInterval(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "*") { return true }
        if first | 0x20 == UInt8(ascii: "h"), bytes.count > 1, bytes[bytes.startIndex + 1] == UInt8(ascii: "/") {
            return true
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
