import BatchwireRuntime
import Foundation

extension NextCommand {
    /// When `name` is a job in the schedules folder rather than an expression, the next fires of
    /// each of its schedules, printed under a line describing the schedule; `nil` otherwise.
    func jobFires(named name: String, after start: Date, schedulesDirectory: String) -> String? {
        guard !name.contains(where: \.isWhitespace), !name.hasPrefix("@") else { return nil }
        let set = JobFileLoader(parser: JobFileParser(scheduleCheck: ScheduleValidation.check))
            .load(directory: schedulesDirectory)
        guard let job = set.jobs.first(where: { $0.name == name }) else { return nil }
        guard !job.schedules.isEmpty else { return "\(job.name) has no schedules: it runs only on demand\n" }
        var output = ""
        for schedule in job.schedules {
            guard let timeline = try? ScheduleTimeline(schedule, jobName: job.name) else { continue }
            switch schedule.trigger {
            case .cron(let expression, _): output += "# \(job.name): cron \"\(expression)\" in \(schedule.zone)\n"
            case .every(let seconds, _): output += "# \(job.name): every \(seconds)s\n"
            }
            let fires = timeline.fires(after: start, count: count)
            for fire in fires { output += timeline.format(fire) + "\n" }
            if fires.isEmpty {
                output += "none: " + (schedule.end.map { "no fire before the schedule ends at \($0.formatted(.iso8601))" } ?? "it never fires again") + "\n"
            }
        }
        return output
    }
}
