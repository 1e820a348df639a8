extension CronSchedule {
    /// The schedule in words, e.g. "at 09:00, Monday through Friday, in America/New_York".
    public var explanation: String {
        expression.explanation + ", in " + zone.identifier
    }
}
