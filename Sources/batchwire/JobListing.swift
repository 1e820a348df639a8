import BatchwireRuntime
import Foundation

/// Renders the jobs of a ``JobFileSet`` for people (a table) and scripts (JSON).
enum JobListing {
    static let fireCount = 3

    private static func timeline(_ schedule: ScheduleDefinition, of job: JobDefinition) -> ScheduleTimeline? {
        try? ScheduleTimeline(schedule, jobName: job.name)
    }

    private static func describe(_ schedule: ScheduleDefinition) -> String {
        var text: String
        switch schedule.trigger {
        case .cron(let expression, let dialect):
            text = "cron \"\(expression)\"" + (dialect == "cron" ? "" : " (\(dialect))") + " in \(schedule.zone)"
        case .every(let seconds, let anchor):
            text = "every \(seconds)s" + (anchor.map { " from \($0)" } ?? "")
        }
        if let start = schedule.start { text += ", from \(start.formatted(.iso8601))" }
        if let end = schedule.end { text += ", until \(end.formatted(.iso8601))" }
        if let gap = schedule.dstGap { text += ", dst gap \(gap.rawValue)" }
        if let overlap = schedule.dstOverlap { text += ", dst overlap \(overlap.rawValue)" }
        text += ", misfire \(schedule.misfire.rawValue), overlap \(schedule.overlap.rawValue)"
        if schedule.paused { text += ", paused" }
        return text
    }

    static func printTable(_ set: JobFileSet, now: Date) {
        if set.jobs.isEmpty { print("No jobs.") }
        for job in set.jobs {
            let steps = job.steps.map(\.name).joined(separator: ", ")
            print("\(job.name)  [\(job.incrementer.rawValue); steps: \(steps)]  \(job.location.file)")
            if let description = job.description { print("    \(description)") }
            if job.schedules.isEmpty { print("    on demand only (no schedules)") }
            for schedule in job.schedules {
                print("    \(describe(schedule))")
                let fires = timeline(schedule, of: job).map { line in line.fires(after: now, count: fireCount).map(line.format) }
                print("      next: " + ((fires ?? []).isEmpty ? "never" : (fires ?? []).joined(separator: "  ")))
            }
        }
        if !set.errors.isEmpty {
            print("\nFiles with errors (their jobs are not loaded):")
            for error in set.errors { print("  \(error)") }
        }
    }

    private struct JSONJob: Encodable {
        struct JSONSchedule: Encodable {
            var description: String
            var zone: String
            var paused: Bool
            var nextFires: [String]
        }
        var name: String
        var file: String
        var line: Int
        var description: String?
        var incrementer: String
        var steps: [String]
        var schedules: [JSONSchedule]
    }

    private struct JSONListing: Encodable {
        var jobs: [JSONJob]
        var errors: [String]
    }

    static func printJSON(_ set: JobFileSet, now: Date) throws {
        let jobs = set.jobs.map { job in
            JSONJob(
                name: job.name, file: job.location.file, line: job.location.line, description: job.description,
                incrementer: job.incrementer.rawValue, steps: job.steps.map(\.name),
                schedules: job.schedules.map { schedule in
                    JSONJob.JSONSchedule(
                        description: describe(schedule), zone: schedule.zone, paused: schedule.paused,
                        nextFires: timeline(schedule, of: job).map { line in
                            line.fires(after: now, count: fireCount).map(line.format)
                        } ?? []
                    )
                }
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(JSONListing(jobs: jobs, errors: set.errors.map(\.description)))
        print(String(decoding: data, as: UTF8.self))
    }
}
