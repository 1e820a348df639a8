/// What a schedule does with local times that a daylight-saving change skips or repeats
/// (the job file's `dst: {gap: shift|skip, overlap: first|last|both}`).
///
/// By default a fixed-time expression shifts out of gaps and fires on the first pass of an
/// overlap; an interval expression skips gaps and fires on both passes.
public struct DSTPolicy: Sendable, Hashable {
    /// Local times inside a spring-forward gap.
    public enum Gap: String, Sendable, Hashable, CaseIterable {
        /// Fire once at the first instant after the gap.
        case shift
        /// Do not fire.
        case skip
    }

    /// Local times inside a fall-back overlap.
    public enum Overlap: String, Sendable, Hashable, CaseIterable {
        /// Fire at the first occurrence only.
        case first
        /// Fire at the second occurrence only.
        case last
        /// Fire at both.
        case both
    }

    /// The gap rule.
    public var gap: Gap
    /// The overlap rule.
    public var overlap: Overlap

    /// Creates a policy.
    public init(gap: Gap, overlap: Overlap) {
        self.gap = gap
        self.overlap = overlap
    }

    /// The spec's default for an expression: fixed-time shifts and fires first; interval skips and fires both.
    public static func `default`(for expression: CronExpression) -> DSTPolicy {
        expression.isFixedTime ? DSTPolicy(gap: .shift, overlap: .first) : DSTPolicy(gap: .skip, overlap: .both)
    }
}
