/// The stable name of one schedule of a job, used as the key of its fired slots, its pause state and
/// the `schedule` field of its events: `<job>#<name>` when the schedule has a `name:`, otherwise
/// `<job>#<position>` counting from 1 in the job file.
public enum ScheduleIdentity {
    /// The id of the schedule at `index` (0-based) of `job`.
    public static func id(job: String, schedule: ScheduleDefinition, index: Int) -> String {
        "\(job)#\(schedule.name ?? String(index + 1))"
    }

    /// Every schedule id of `job`, in file order.
    public static func ids(of job: JobDefinition) -> [String] {
        job.schedules.enumerated().map { id(job: job.name, schedule: $0.element, index: $0.offset) }
    }
}
