/// One schedule: what `GET /api/v1/schedules` returns per schedule and the schedules page shows.
public struct ScheduleView: Sendable, Codable, Hashable {
    /// `<job>#<name or position>`.
    public let id: String
    /// The job it fires.
    public let jobName: String
    /// The trigger as written, with its zone.
    public let trigger: String
    /// Misfire and overlap policies, jitter and bounds.
    public let policies: String
    /// Whether it is paused.
    public let paused: Bool
    /// Why, when paused with a reason.
    public let pauseReason: String?
    /// The next fires (ISO 8601, UTC).
    public let nextFires: [String]
    /// The latest claimed slot.
    public let lastFireTime: String?
    /// What came of it (`started`, `skipped: …`, `missed: …`, `failed: …`).
    public let lastOutcome: String?
    /// The execution it started.
    public let lastExecutionId: Int64?
    /// Recent slots that did not start a run (skipped or missed), newest first, with their reasons.
    public let notStarted: [SlotView]

    /// A claimed slot.
    public struct SlotView: Sendable, Codable, Hashable {
        /// The nominal fire time (ISO 8601, UTC).
        public let fireTime: String
        /// The node that claimed it.
        public let node: String
        /// The outcome with its reason.
        public let outcome: String
    }
}
