import BatchwireCore
import BatchwireRuntime
import Foundation

/// The one busy job: `every: 1s`, one Swift step that does nothing but note how late it began.
enum FastJob {
    static let name = "fast-tick"
    static let stepName = "tick"
    /// Its only schedule's id (the first and only, unnamed).
    static let scheduleID = "\(name)#1"

    /// The job, paused at first (its file would say `paused: true`); the benchmark resumes it in the store.
    static func definition() -> JobDefinition {
        let location = SourceLocation(file: "SchedulerBenchmark/fast-tick.yaml", line: 1, column: 1)
        var job = JobDefinition(name: name, location: location)
        job.incrementer = .fireTime
        // The Swift step registered under this name runs in place of the command.
        job.steps = [StepDefinition(name: stepName, command: ["true"])]
        var schedule = ScheduleDefinition(trigger: .every(seconds: 1, anchor: nil), location: location)
        schedule.paused = true
        job.schedules = [schedule]
        return job
    }
}

/// The fast job's step: records the time from the run's slot (its `fireTime` parameter) to now.
struct TickStep: SwiftStep {
    let log: FireLog

    func run(context: StepContext) async throws -> StepOutcome {
        let now = Date()
        if case .date(let fireTime)? = context.parameters["fireTime"]?.value {
            log.recordStepStart(after: now.timeIntervalSince(fireTime))
        }
        return .completed()
    }
}
