extension CronExpression {
    /// The expression in words, e.g. "at 09:00, Monday through Friday".
    public var explanation: String { "TODO" }
}
