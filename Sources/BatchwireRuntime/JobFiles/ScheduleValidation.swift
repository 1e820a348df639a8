import BatchwireCron
import Foundation

/// Checks a schedule with the cron engine: the expression parses in its dialect (with the job's
/// hash seed) and the zone exists.
public enum ScheduleValidation {
    /// The reason the schedule is invalid, or `nil`. Suits ``JobFileParser/ScheduleCheck``.
    @Sendable public static func check(_ schedule: ScheduleDefinition) -> String? {
        do {
            _ = try ScheduleTimeline(schedule, jobName: "validation")
            return nil
        } catch {
            return "\(error)"
        }
    }
}
