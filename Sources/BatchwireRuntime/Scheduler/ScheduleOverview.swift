import BatchwireStore
import Foundation

/// One schedule as `batchwire schedules` shows it: its trigger and policies, pause state, next fires and
/// last claimed slot. Built from the registry and the store, so it needs no running daemon.
public struct ScheduleOverview: Sendable, Hashable, Codable {
    /// `<job>#<name or position>`.
    public let scheduleID: String
    /// The job it fires.
    public let jobName: String
    /// The trigger as written: `cron 30 2 * * * (Europe/Berlin)` or `every 90m`.
    public let trigger: String
    /// `misfire: latest, overlap: skip`, plus jitter and bounds when set.
    public let policies: String
    /// Whether it is paused (stored state, or `paused: true` in its file when never changed).
    public let isPaused: Bool
    /// Why, when paused through the CLI or MQTT.
    public let pauseReason: String?
    /// The next slots (empty when the schedule has ended or cannot be evaluated).
    public let nextFires: [Date]
    /// The latest claimed slot.
    public let lastFireTime: Date?
    /// What came of it: `started`, `skipped: …`, `missed: …`, `failed: …`.
    public let lastOutcome: String?
    /// The execution it started.
    public let lastExecutionID: Int64?
    /// The node that claimed it.
    public let lastNode: String?

    /// Every schedule of the registry's jobs, ordered by id.
    /// - Parameters:
    ///   - registry: the jobs.
    ///   - state: the store's Batchwire tables (pause states and fired slots).
    ///   - now: the instant next fires are counted from.
    ///   - count: how many next fires to list.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public static func load(registry: JobRegistry, state: BatchwireStateStore, now: Date, count: Int) async throws(StoreError)
        -> [ScheduleOverview]
    {
        let pauses = Dictionary(
            try await state.scheduleStates().map { ($0.scheduleID, $0) }, uniquingKeysWith: { _, last in last })
        let latest = try await state.latestFiredSlots()
        var overviews: [ScheduleOverview] = []
        for entry in registry.entries {
            let job = entry.definition
            for (index, definition) in job.schedules.enumerated() {
                let id = ScheduleIdentity.id(job: job.name, schedule: definition, index: index)
                let pause = pauses[id]
                let last = latest[id]
                var next: [Date] = []
                if let timeline = try? ScheduleTimeline(definition, jobName: job.name) {
                    let schedule = ScheduleEntry(id: id, jobName: job.name, definition: definition, timeline: timeline)
                    var cursor = now
                    while next.count < count, let slot = schedule.slot(after: cursor) {
                        next.append(slot)
                        cursor = slot
                    }
                }
                overviews.append(
                    ScheduleOverview(
                        scheduleID: id, jobName: job.name, trigger: trigger(definition), policies: policies(definition),
                        isPaused: pause?.isPaused ?? definition.paused, pauseReason: pause?.isPaused == true ? pause?.reason : nil,
                        nextFires: next, lastFireTime: last?.fireTime, lastOutcome: last?.outcome,
                        lastExecutionID: last?.jobExecutionID, lastNode: last?.nodeID))
            }
        }
        return overviews.sorted { $0.scheduleID < $1.scheduleID }
    }

    static func trigger(_ definition: ScheduleDefinition) -> String {
        switch definition.trigger {
        case .cron(let expression, let dialect):
            let kind = dialect == "cron" ? "cron" : "\(dialect) cron"
            return "\(kind) \(expression) (\(definition.zone))"
        case .every(let seconds, let anchor):
            return "every \(seconds)s" + (anchor.map { " from \($0)" } ?? "")
        }
    }

    static func policies(_ definition: ScheduleDefinition) -> String {
        var parts = ["misfire: \(definition.misfire.rawValue)", "overlap: \(definition.overlap.rawValue)"]
        if definition.jitterSeconds > 0 { parts.append("jitter: \(definition.jitterSeconds)s \(definition.jitterMode.rawValue)") }
        if let start = definition.start { parts.append("start: \(start.formatted(.iso8601))") }
        if let end = definition.end { parts.append("end: \(end.formatted(.iso8601))") }
        if let window = definition.catchupWindowSeconds { parts.append("catchupWindow: \(window)s") }
        if definition.misfire == .all { parts.append("maxCatchup: \(definition.maxCatchup)") }
        if let gap = definition.dstGap { parts.append("dst gap: \(gap.rawValue)") }
        if let overlap = definition.dstOverlap { parts.append("dst overlap: \(overlap.rawValue)") }
        return parts.joined(separator: ", ")
    }

    /// The ids of the schedules and triggers `selector` names: `job` (all its schedules and triggers),
    /// `job#name` (one schedule) or `job#trigger-N` (one trigger). Pausing a job pauses its triggers too.
    /// - Returns: `nil` when the job or schedule does not exist.
    public static func scheduleIDs(matching selector: String, in registry: JobRegistry) -> [String]? {
        let parts = selector.split(separator: "#", maxSplits: 1).map(String.init)
        guard let job = registry.job(named: parts[0]) else { return nil }
        let ids = ScheduleIdentity.ids(of: job) + TriggerIdentity.ids(of: job)
        guard parts.count == 2 else { return ids }
        let wanted = "\(job.name)#\(parts[1])"
        return ids.contains(wanted) ? [wanted] : nil
    }
}
