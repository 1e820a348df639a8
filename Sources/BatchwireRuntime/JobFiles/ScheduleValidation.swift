import BatchwireCron
import Foundation

/// Checks a schedule with the cron engine: the expression parses in its dialect and can fire (hashing
/// `H` with the schedule's `hashSeed`, else the job's name, exactly as the scheduler does) and the zone
/// exists.
public enum ScheduleValidation {
    /// The reason the schedule is invalid, or `nil`. Suits ``JobFileParser/ScheduleCheck``.
    @Sendable public static func check(_ schedule: ScheduleDefinition, ofJob jobName: String) -> String? {
        do {
            _ = try ScheduleTimeline(schedule, jobName: jobName)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
