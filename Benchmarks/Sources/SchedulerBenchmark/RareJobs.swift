import BatchwireCore
import BatchwireRuntime
import Foundation

/// The many quiet jobs: each has one realistic schedule that fires rarely (daily, nightly, weekly,
/// monthly, hourly in business hours, every 6 hours), spread with `H` and over several zones, and
/// none fires while the benchmark measures.
///
/// A schedule whose next fire would fall inside the measuring period gets another `H` seed (or
/// anchor) until it does not, so "idle" really means nothing is due; how many needed that is printed.
enum RareJobs {
    /// The schedule shapes, cycled through in this order (repeats weight the common ones).
    static let expressions: [(label: String, expression: String?)] = [
        ("daily", "H H * * *"),
        ("nightly", "H H(0-5) * * *"),
        ("weekdays", "H H * * 1-5"),
        ("daily", "H H * * *"),
        ("weekly", "H H * * H"),
        ("monthly", "H H H * *"),
        ("business hours", "H 9-17/4 * * 1-5"),
        ("hourly", "H * * * *"),
        ("nightly", "H H(0-5) * * *"),
        ("every 6h", nil),
    ]
    static let zones = [
        "UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo",
        "Asia/Kolkata", "Europe/London",
    ]

    struct Built {
        /// How many schedules of each shape.
        var shapes: [String: Int] = [:]
        /// How many schedules needed another seed to stay quiet during the measuring period.
        var reseeded = 0
    }

    struct CannotStayQuiet: Error, CustomStringConvertible {
        let job: String
        var description: String { "no seed keeps \(job) from firing during the benchmark; shorten the run" }
    }

    /// Makes `count` jobs whose schedules do not fire before `quietUntil` and hands each to `register` as
    /// soon as it is made (so the benchmark holds no second copy of them).
    /// - Returns: how many of each shape, and how many were re-seeded.
    static func make(count: Int, quietUntil: Date, register: (JobDefinition) throws -> Void) throws -> Built {
        var built = Built()
        for index in 0..<count {
            let name = String(format: "rare-%06d", index)
            let shape = expressions[index % expressions.count]
            let zone = zones[(index / expressions.count) % zones.count]
            let location = SourceLocation(file: "SchedulerBenchmark/rare.yaml", line: index + 1, column: 1)
            var job = JobDefinition(name: name, location: location)
            job.description = "Exports partition \(index) of the warehouse"
            job.incrementer = .fireTime
            job.steps = [StepDefinition(name: "export", command: ["true", "--partition", String(index)])]
            var accepted: ScheduleDefinition?
            for attempt in 0..<64 {
                var schedule: ScheduleDefinition
                if let expression = shape.expression {
                    schedule = ScheduleDefinition(
                        trigger: .cron(expression: expression, dialect: "cron"), location: location)
                    schedule.zone = zone
                    schedule.hashSeed = attempt == 0 ? nil : "\(name)/\(attempt)"
                } else {
                    let offset = (index &* 7919 &+ attempt &* 3607) % 21_600
                    let anchor = Date(timeIntervalSince1970: 1_767_225_600 + TimeInterval(offset))
                    schedule = ScheduleDefinition(
                        trigger: .every(seconds: 21_600, anchor: anchor.formatted(.iso8601)), location: location)
                }
                if index % 10 == 3 { schedule.jitterSeconds = 300 }
                let timeline = try ScheduleTimeline(schedule, jobName: name)
                if let next = timeline.next(after: Date()), next > quietUntil {
                    accepted = schedule
                    if attempt > 0 { built.reseeded += 1 }
                    break
                }
            }
            guard let accepted else { throw CannotStayQuiet(job: name) }
            job.schedules = [accepted]
            try register(job)
            built.shapes[shape.label, default: 0] += 1
        }
        return built
    }
}
