import Foundation

/// A cron expression in a time zone, with its daylight-saving rules: the thing that answers
/// "when does this fire next?".
///
/// The zone's offset history is cut into segments of constant offset. Within a segment the
/// wall clock maps to instants one to one, so `next` searches the expression's calendar for the
/// next matching local time and walks segments only at offset changes: a local time that falls
/// into a spring-forward gap either shifts to the end of the gap or is skipped, and one that
/// falls into a fall-back overlap is admitted in the first pass, the second, or both.
public struct CronSchedule: Schedule, Hashable {
    // The zone comes first so that the three pack into 68 bytes.
    /// The zone its wall-clock times are read in.
    public let zone: CronZone
    /// The expression.
    public let expression: CronExpression
    /// The daylight-saving rules in force.
    public let dst: DSTPolicy

    /// Creates a schedule.
    ///
    /// - Parameters:
    ///   - expression: a parsed expression.
    ///   - zone: the zone; UTC by default.
    ///   - gap: overrides the gap rule (otherwise `shift` for fixed-time, `skip` for interval expressions).
    ///   - overlap: overrides the overlap rule (otherwise `first` for fixed-time, `both` for interval expressions).
    public init(
        _ expression: CronExpression, zone: CronZone = .utc, gap: DSTPolicy.Gap? = nil,
        overlap: DSTPolicy.Overlap? = nil
    ) {
        self.expression = expression
        self.zone = zone
        let defaults = DSTPolicy.default(for: expression)
        self.dst = DSTPolicy(gap: gap ?? defaults.gap, overlap: overlap ?? defaults.overlap)
    }

    /// Parses and creates a schedule in one step.
    ///
    /// - Throws: ``CronError`` for an invalid expression or an unknown zone.
    public init(_ text: String, zone: String = "UTC", dialect: CronDialect = .cron, seed: String = "") throws(CronError)
    {
        self.init(try CronExpression(text, dialect: dialect, seed: seed), zone: try CronZone(zone))
    }

    /// The first fire instant strictly after `instant` (seconds since the epoch), or `nil` when the
    /// year field has run out.
    public func nextEpochSecond(after instant: Int64) -> Int64? {
        let rules = zone.rules
        let transitions = rules.transitions
        let offsets = rules.offsets
        let last = transitions.count
        let firstPass = dst.overlap != .last
        var i = rules.segment(containing: instant)
        var lower = max(instant + offsets[i] + 1, admitStart(segment: i))
        var match = expression.nextLocal(from: lower)
        while let local = match {
            let offset = offsets[i]
            guard i < last else { return local - offset }
            let transition = transitions[i]
            let nextOffset = offsets[i + 1]
            var admitEnd = transition + offset
            if !firstPass && nextOffset < offset { admitEnd -= offset - nextOffset }
            if local < admitEnd { return local - offset }
            if nextOffset > offset && local < transition + nextOffset && dst.gap == .shift {
                return transition
            }
            // A match many offset changes ahead (a sparse expression): jump to the segment
            // before the one it falls in instead of walking every change in between.
            let far = rules.lastSegment(startingAtOrBefore: local) - 1
            if far > i + 1 {
                i = far
                lower = admitStart(segment: i)
                if lower > local { match = expression.nextLocal(from: lower) }
                continue
            }
            i += 1
            let nextLower = admitStart(segment: i)
            if nextLower < lower || local < nextLower {
                match = expression.nextLocal(from: nextLower)
            }
            lower = nextLower
        }
        return nil
    }

    /// The first local time segment `i` admits: its start, or the end of the overlap it begins
    /// with when the policy does not fire on second passes.
    @inline(__always)
    private func admitStart(segment i: Int) -> Int64 {
        guard i > 0 else { return Int64.min }
        let offsets = zone.rules.offsets
        var start = zone.rules.transitions[i - 1] + offsets[i]
        if dst.overlap == .first && offsets[i - 1] > offsets[i] { start += offsets[i - 1] - offsets[i] }
        return start
    }

    /// The offset in force at a fire instant, for printing it with the zone's real offset.
    public func offset(atEpochSecond instant: Int64) -> Int {
        zone.offset(atEpochSecond: instant)
    }
}
