import Testing

@testable import BatchwireCron

/// Every rejection the spec asks for, with the field and token the error must name.
@Suite("Rejections")
struct RejectionTests {
    /// (expression, dialect, code, field, token)
    static let cases: [(String, CronDialect, CronError.Code, CronField?, String)] = [
        ("0 0 32 * *", .cron, .outOfRange, .dayOfMonth, "32"),
        ("60 * * * *", .cron, .outOfRange, .minute, "60"),
        ("0 24 * * *", .cron, .outOfRange, .hour, "24"),
        ("* * 0 * *", .cron, .outOfRange, .dayOfMonth, "0"),
        ("0 0 1 13 *", .cron, .outOfRange, .month, "13"),
        ("0 0 * * 8", .cron, .outOfRange, .dayOfWeek, "8"),
        ("60 0 0 * * *", .cron, .outOfRange, .second, "60"),
        ("0 0 0 1 1 * 1969", .cron, .outOfRange, .year, "1969"),
        ("0 0 0 1 1 * 2200", .cron, .outOfRange, .year, "2200"),
        ("*/0 * * * *", .cron, .invalidStep, .minute, "*/0"),
        ("0 0-23/0 * * *", .cron, .invalidStep, .hour, "0-23/0"),
        ("0 22-2 * * *", .cron, .reversedRange, .hour, "22-2"),
        ("0 0 * * fri-mon", .cron, .reversedRange, .dayOfWeek, "fri-mon"),
        ("0 0 * * mon-sun", .cron, .reversedRange, .dayOfWeek, "mon-sun"),
        ("0 0 1 dec-jan *", .cron, .reversedRange, .month, "dec-jan"),
        ("0 0 * * 1,", .cron, .syntax, .dayOfWeek, "1,"),
        ("0 0 ,1 * *", .cron, .syntax, .dayOfMonth, ",1"),
        ("0 0 * * foo", .cron, .syntax, .dayOfWeek, "foo"),
        ("0 0 1 janu *", .cron, .syntax, .month, "janu"),
        ("0 mon * * *", .cron, .syntax, .hour, "mon"),
        ("0 0 * jan-x *", .cron, .syntax, .month, "x"),
        ("*/ * * * *", .cron, .syntax, .minute, "*/"),
        ("/5 * * * *", .cron, .syntax, .minute, "/5"),
        ("* * * *", .cron, .fieldCount, nil, "* * * *"),
        ("* * * * * * * *", .cron, .fieldCount, nil, "* * * * * * * *"),
        ("", .cron, .fieldCount, nil, ""),
        ("@reboot", .cron, .syntax, nil, "@reboot"),
        ("0 0 * * 5W", .cron, .misplaced, .dayOfWeek, "5W"),
        ("0 0 1#2 * *", .cron, .misplaced, .dayOfMonth, "1#2"),
        ("0 0 * * L", .cron, .misplaced, .dayOfWeek, "L"),
        ("0 L * * *", .cron, .syntax, .hour, "L"),
        ("0 0 ? * * *", .cron, .misplaced, .hour, "?"),
        ("0 0 1,? * *", .cron, .misplaced, .dayOfMonth, "?"),
        ("0 0 1-5W * *", .cron, .misplaced, .dayOfMonth, "1-5W"),
        ("0 0 32W * *", .cron, .outOfRange, .dayOfMonth, "32W"),
        ("0 0 L-31 * *", .cron, .outOfRange, .dayOfMonth, "L-31"),
        ("0 0 Lx * *", .cron, .syntax, .dayOfMonth, "Lx"),
        ("0 0 * * 5#6", .cron, .outOfRange, .dayOfWeek, "5#6"),
        ("0 0 * * 5#0", .cron, .outOfRange, .dayOfWeek, "5#0"),
        ("0 0 * * 1-5#2", .cron, .misplaced, .dayOfWeek, "1-5#2"),
        ("0 0 30 2 *", .cron, .neverFires, .dayOfMonth, "30"),
        ("0 0 31 4,6,9,11 *", .cron, .neverFires, .dayOfMonth, "31"),
        ("0 0 30W 2 *", .cron, .neverFires, .dayOfMonth, "30W"),
        ("0 0 0 29 2 * 2100", .cron, .neverFires, .year, "2100"),
        ("0 0 0 ? 2 6#5 2026-2030", .quartz, .neverFires, .year, "2026-2030"),
        ("0 0 12 1 * MON", .quartz, .misplaced, .dayOfWeek, "1 MON"),
        ("0 0 12 ? * ?", .quartz, .misplaced, .dayOfWeek, "? ?"),
        ("0 0 12 * * *", .quartz, .misplaced, .dayOfWeek, "* *"),
        ("0 0 12 * *", .quartz, .fieldCount, nil, "0 0 12 * *"),
        ("@daily", .quartz, .misplaced, nil, "@daily"),
        ("0 0 0 ? * 0", .quartz, .outOfRange, .dayOfWeek, "0"),
        ("0 0 0 ? * 1#1,1#3", .quartz, .misplaced, .dayOfWeek, "1#1,1#3"),
        ("0 0 0 L,15 * ?", .quartz, .misplaced, .dayOfMonth, "L,15"),
        ("0 0 0 ? * 6L,2", .quartz, .misplaced, .dayOfWeek, "6L,2"),
        ("0 0/60 * * * ?", .quartz, .invalidStep, .minute, "0/60"),
        ("0 0 0/24 * * ?", .quartz, .invalidStep, .hour, "0/24"),
        ("0 0 0 ? * 1/8", .quartz, .invalidStep, .dayOfWeek, "1/8"),
        ("0 0 0 1 1 ? 2030-2026", .quartz, .reversedRange, .year, "2030-2026"),
    ]

    @Test("rejected, naming field and token", arguments: cases.indices)
    func rejected(index: Int) throws {
        let (text, dialect, code, field, token) = Self.cases[index]
        let error = try #require(rejection(text, dialect: dialect), "\(text) was accepted")
        #expect(error.code == code, "\(text): \(error)")
        #expect(error.field == field, "\(text): \(error)")
        #expect(error.token == token, "\(text): \(error)")
        if let field {
            #expect(error.description.hasPrefix("\(field.displayName): \"\(token)\" "), "\(error)")
        }
    }

    @Test("the message reads as the spec's example")
    func message() {
        #expect(rejection("0 0 32 * *")?.description == #"day-of-month: "32" is out of range 1-31"#)
    }

    @Test("look-alikes of never-firing expressions are accepted")
    func lookAlikes() {
        for text in [
            "0 0 29 2 *", "0 0 29 2 1", "0 0 31 * *", "0 0 30W * *", "0 0 * 2 5#5", "0 0 L-30 * *",
            "0 0 0 1 1 * 1970-2199",
        ] {
            #expect(rejection(text) == nil, "\(text)")
        }
        #expect(rejection("0 0 0 1 1 * 1970") == nil, "a year in the past is valid")
    }
}
