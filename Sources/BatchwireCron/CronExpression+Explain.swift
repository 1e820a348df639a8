/// The expression in words, for `batchwire next --explain` and for people reading job files.
extension CronExpression {
    private static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let ordinals = ["first", "second", "third", "fourth", "fifth"]

    /// The expression in words, e.g. "at 09:00, Monday through Friday" or "every 15 minutes, in March".
    public var explanation: String {
        var parts = [timePhrase]
        if let days = dayPhrase { parts.append(days) }
        if months != UInt64.range(1, 12) {
            parts.append("in " + Self.list(months.members, name: { Self.monthNames[$0 - 1] }, through: true))
        }
        if !years.isAll {
            parts.append("in " + Self.list(years.members, name: { String($0) }, through: false))
        }
        return parts.joined(separator: ", ")
    }

    private var timePhrase: String {
        let secondList = seconds.members
        let minuteList = minutes.members
        let hourList = hours.members
        func clock(_ h: Int, _ m: Int, _ s: Int) -> String {
            Self.two(h) + ":" + Self.two(m) + (secondList == [0] ? "" : ":" + Self.two(s))
        }
        if secondList.count == 1 && minuteList.count == 1 && hourList.count <= 4 {
            return "at " + Self.join(hourList.map { clock($0, minuteList[0], secondList[0]) })
        }
        var phrase: String
        if let step = Self.step(of: seconds, span: 60) {
            phrase = step == 1 ? "every second" : "every \(step) seconds"
        } else if secondList.count == 1 {
            if let step = Self.step(of: minutes, span: 60) {
                phrase = step == 1 ? "every minute" : "every \(step) minutes"
            } else {
                phrase = "at minute " + Self.list(minuteList, name: String.init, through: false)
                phrase += hours == UInt64.range(0, 23) ? " of every hour" : ""
            }
            if secondList != [0] { phrase += " (second \(secondList[0]))" }
        } else {
            phrase = "at second " + Self.list(secondList, name: String.init, through: false)
            if minutes != UInt64.range(0, 59) {
                phrase += " of minute " + Self.list(minuteList, name: String.init, through: false)
            }
        }
        if hours != UInt64.range(0, 23) {
            phrase += ", during hour " + Self.list(hourList, name: { Self.two($0) + ":00" }, through: true)
        }
        return phrase
    }

    private var dayPhrase: String? {
        var domParts: [String] = []
        if days.domRestricted {
            if days.monthDays != 0 {
                domParts.append(
                    "on day " + Self.list(days.monthDays.members, name: String.init, through: true) + " of the month")
            }
            for n in days.beforeLast.members {
                domParts.append(
                    n == 0
                        ? "on the last day of the month"
                        : "\(n) day\(n == 1 ? "" : "s") before the last day of the month")
            }
            if days.lastWeekday { domParts.append("on the last weekday of the month") }
            for n in days.nearestWeekday.members { domParts.append("on the weekday nearest day \(n)") }
        }
        var dowParts: [String] = []
        if days.dowRestricted {
            if days.weekdays != 0 {
                dowParts.append(Self.list(days.weekdays.members, name: { Self.weekdayNames[$0] }, through: true))
            }
            for bit in days.nthWeekday.members {
                dowParts.append("on the \(Self.ordinals[bit / 7]) \(Self.weekdayNames[bit % 7]) of the month")
            }
            for d in days.lastWeekdays.members { dowParts.append("on the last \(Self.weekdayNames[d]) of the month") }
        }
        let all = domParts + dowParts
        if all.isEmpty { return months == UInt64.range(1, 12) && years.isAll ? "every day" : nil }
        return all.joined(separator: " or ")
    }

    /// The step if `set` is exactly `0, step, 2*step, ...` below `span` with at least two members.
    private static func step(of set: UInt64, span: Int) -> Int? {
        let members = set.members
        guard members.count >= 2, members[0] == 0 else { return nil }
        let step = members[1]
        return members == Array(stride(from: 0, to: span, by: step)) ? step : nil
    }

    /// "1, 3 and 5", or with `through` runs of three or more as "Monday through Friday".
    private static func list(_ values: [Int], name: (Int) -> String, through: Bool) -> String {
        var items: [String] = []
        var i = 0
        while i < values.count {
            var j = i
            while j + 1 < values.count && values[j + 1] == values[j] + 1 { j += 1 }
            if through && j - i >= 2 {
                items.append(name(values[i]) + " through " + name(values[j]))
                i = j + 1
            } else {
                items.append(name(values[i]))
                i += 1
            }
        }
        return join(items)
    }

    private static func join(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
