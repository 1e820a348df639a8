/// A small scanner for the ISO-8601 forms `java.time` prints and parses.
struct TemporalScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func consume(_ literal: Character) -> Bool {
        guard let ascii = literal.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    /// Reads exactly `count` ASCII digits.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += count
        return value
    }

    /// Reads as many ASCII digits as there are (at most `limit`), returning the value and the digit count.
    mutating func digitRun(limit: Int) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]), count < limit {
            value = value * 10 + Int(bytes[index] - 0x30)
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    /// `uuuu-MM-dd` with `java.time`'s sign rules for the year.
    mutating func date() -> LocalDate? {
        var sign = 0
        if consume("+") {
            sign = 1
        } else if consume("-") {
            sign = -1
        }
        guard let yearDigits = digitRun(limit: 10), yearDigits.count >= 4 else { return nil }
        if sign == 0 && yearDigits.count > 4 { return nil }
        if sign == 1 && yearDigits.count == 4 { return nil }
        let year = sign == -1 ? -yearDigits.value : yearDigits.value
        guard consume("-"), let month = digits(2), consume("-"), let day = digits(2) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// `HH:mm[:ss[.fffffffff]]`.
    mutating func time(secondsRequired: Bool) -> LocalTime? {
        guard let hour = digits(2), consume(":"), let minute = digits(2) else { return nil }
        var second = 0
        var nanosecond = 0
        if consume(":") {
            guard let parsedSecond = digits(2) else { return nil }
            second = parsedSecond
            if consume(".") {
                guard let fraction = digitRun(limit: 9) else { return nil }
                nanosecond = fraction.value
                for _ in fraction.count..<9 {
                    nanosecond *= 10
                }
            }
        } else if secondsRequired {
            return nil
        }
        return LocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// `Z`, `+HH:MM`, `-HH:MM` or `+HH:MM:SS`: the offset in seconds.
    mutating func offset() -> Int? {
        if consume("Z") || consume("z") { return 0 }
        let sign: Int
        if consume("+") {
            sign = 1
        } else if consume("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2), consume(":"), let minutes = digits(2), hours <= 18, minutes <= 59 else {
            return nil
        }
        var seconds = 0
        if consume(":") {
            guard let parsed = digits(2), parsed <= 59 else { return nil }
            seconds = parsed
        }
        return sign * (hours * 3600 + minutes * 60 + seconds)
    }
}
