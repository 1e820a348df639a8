/// Durations as written in job files, configuration and on the command line: `90s`, `15m`, `2h`, `1d`, or a
/// combination such as `1h30m`. The one parser for `every:`, `timeout:`, `debounce:`, `jitter:`,
/// `catchupWindow:`, the duration settings and `batchwire next --every`.
///
/// Units are `s`, `m`, `h` and `d`, in either case; spaces around the text are ignored. Every number needs
/// a unit, and the total must be positive.
package enum DurationText {
    /// The largest number accepted before a unit (about 31,700 years of seconds).
    private static let numberLimit = 1_000_000_000_000

    /// The duration in seconds, or `nil` when the text is not a positive duration.
    package static func seconds(_ text: String) -> Int? {
        var total = 0
        var number: Int? = nil
        for byte in text.trimmingSpaces.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let value = (number ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
                guard value < numberLimit else { return nil }
                number = value
                continue
            }
            guard let amount = number else { return nil }
            let unit: Int
            switch byte | 0x20 {  // ASCII lower case
            case UInt8(ascii: "s"): unit = 1
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "h"): unit = 3600
            case UInt8(ascii: "d"): unit = 86_400
            default: return nil
            }
            let (sum, overflow) = total.addingReportingOverflow(amount * unit)
            guard !overflow else { return nil }
            total = sum
            number = nil
        }
        return number == nil && total > 0 ? total : nil
    }
}
