import BatchwireTestBasics
import CivilTime
import Testing

@testable import BatchwireCron

/// Properties that must hold for every expression in every zone, over seeded random inputs:
/// results strictly increase and lie strictly after the query, asking from anywhere between
/// two fires returns the later one, and the results equal a minute-by-minute brute force.
@Suite("Properties")
struct PropertyTests {
    static let zones = [
        "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago", "Africa/Cairo",
        "Pacific/Apia", "+05:30",
    ]

    static func randomExpression(_ g: inout SplitMix64) -> String {
        func pick(_ options: [String]) -> String { options[Int(g.next() % UInt64(options.count))] }
        let minute = pick(["*", "*/7", "*/15", "0", "30", "0,30", "10-20", "45", "5/20", "H", "H/10"])
        let hour = pick(["*", "*/2", "1", "2", "0-3", "1,2,23", "9-17", "0", "23", "H"])
        let dom = pick(["*", "*", "*", "1", "L", "15W", "LW", "1-7", "L-1", "29", "?"])
        let month = pick(["*", "*", "*", "3", "10,11", "1-6", "feb"])
        let dow = pick(["*", "*", "*", "1-5", "0", "5L", "0#2", "sat,sun", "?"])
        return "\(minute) \(hour) \(dom) \(month) \(dow)"
    }

    /// Fire instants in [from, to) by brute force, straight from the spec's rules.
    static func bruteForce(_ schedule: CronSchedule, from: Int64, to: Int64) -> [Int64] {
        let rules = schedule.zone.rules
        let e = schedule.expression
        func matches(_ local: Int64) -> Bool {
            let day = CivilCalendar.floorDivide(local, 86_400)
            let sod = Int(local - day * 86_400)
            let (y, m, d) = CivilCalendar.date(days: day)
            let first = CivilCalendar.days(year: y, month: m, day: 1)
            let mask = e.days.days(
                daysInMonth: CivilCalendar.daysInMonth(year: y, month: m),
                firstWeekday: CivilCalendar.weekday(days: first))
            return e.years.contains(y) && e.months.hasMember(m) && mask.hasMember(d) && e.hours.hasMember(sod / 3600)
                && e.minutes.hasMember(sod / 60 % 60) && e.seconds.hasMember(sod % 60)
        }
        var out: [Int64] = []
        var u = from - CivilCalendar.floorDivide(from, 60) * 60 == 0 ? from : (CivilCalendar.floorDivide(from, 60) + 1) * 60
        while u < to {
            let local = u + rules.offset(at: u)
            if matches(local) {
                // Other instants showing the same wall-clock time (a repeated hour).
                let twins = Set(rules.offsets.map { local - $0 }).filter {
                    $0 != u && rules.offset(at: $0) == local - $0
                }
                let first = twins.allSatisfy { $0 > u }
                let admitted: Bool
                switch schedule.dst.overlap {
                case _ where twins.isEmpty: admitted = true
                case .both: admitted = true
                case .first: admitted = first
                case .last: admitted = !first
                }
                if admitted { out.append(u) }
            }
            u += 60
        }
        if schedule.dst.gap == .shift {
            for (k, t) in rules.transitions.enumerated()
            where t >= from && t < to && rules.offsets[k + 1] > rules.offsets[k] {
                var local = t + rules.offsets[k]
                while local < t + rules.offsets[k + 1] {
                    if matches(local) {
                        out.append(t)
                        break
                    }
                    local += 60
                }
            }
        }
        return Array(Set(out)).sorted()
    }

    @Test("next agrees with brute force around offset changes, under every DST policy")
    func bruteForceAgreement() throws {
        var g = SplitMix64(state: 2026)
        var windows = 0
        for zoneName in Self.zones {
            let zone = try CronZone(zoneName)
            let changes = zone.rules.transitions.filter { $0 > 1_300_000_000 && $0 < 1_900_000_000 }
            for _ in 0..<12 {
                let text = Self.randomExpression(&g)
                let expression = try CronExpression(text, seed: "job-\(g.next() % 100)")
                let center = changes.isEmpty ? Int64(1_700_000_000) : changes[Int(g.next() % UInt64(changes.count))]
                let from = center - 36 * 3600 + Int64(g.next() % 3600)
                let to = from + 72 * 3600
                let gap: DSTPolicy.Gap? = [nil, .shift, .skip][Int(g.next() % 3)]
                let overlap: DSTPolicy.Overlap? = [nil, .first, .last, .both][Int(g.next() % 4)]
                let schedule = CronSchedule(expression, zone: zone, gap: gap, overlap: overlap)
                let expected = Self.bruteForce(schedule, from: from + 1, to: to)
                var got: [Int64] = []
                var cursor = from
                while let fire = schedule.nextEpochSecond(after: cursor), fire < to {
                    got.append(fire)
                    cursor = fire
                }
                #expect(
                    got == expected,
                    "\(text) in \(zoneName) from \(from), gap \(schedule.dst.gap) overlap \(schedule.dst.overlap)")
                windows += 1
            }
        }
        #expect(windows == Self.zones.count * 12)
    }

    @Test("results strictly increase, are strictly after the query, and any query between two fires returns the later")
    func monotone() throws {
        var g = SplitMix64(state: 7)
        for zoneName in Self.zones {
            let zone = try CronZone(zoneName)
            for _ in 0..<25 {
                let expression = try CronExpression(Self.randomExpression(&g), seed: "p")
                let schedule = CronSchedule(expression, zone: zone)
                let start = Int64(1_500_000_000) + Int64(g.next() % 600_000_000)
                let walk = schedule.nextEpochSeconds(after: start, count: 30)
                #expect(walk.count == 30, "\(expression) in \(zoneName)")
                #expect(walk.first.map { $0 > start } ?? false)
                #expect(zip(walk, walk.dropFirst()).allSatisfy { $0 < $1 }, "\(expression) in \(zoneName)")
                for (a, b) in zip(walk, walk.dropFirst()) {
                    let probe = a + Int64(g.next() % UInt64(b - a))
                    #expect(schedule.nextEpochSecond(after: probe) == b, "\(expression) in \(zoneName) probe \(probe)")
                }
            }
        }
    }
}
