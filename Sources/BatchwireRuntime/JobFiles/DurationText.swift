/// Durations written in job files: `90s`, `15m`, `2h`, `1d`, or a combination such as `1h30m`.
enum DurationText {
    /// The duration in seconds, or `nil` when the text is not a duration.
    static func seconds(_ text: String) -> Int? {
        var total = 0
        var digits = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            default: return nil
            }
            guard let amount = Int(digits) else { return nil }
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            total += product
            digits = ""
            sawUnit = true
        }
        return sawUnit && digits.isEmpty && total > 0 ? total : nil
    }
}
