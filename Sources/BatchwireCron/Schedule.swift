import Foundation

/// Anything that yields fire instants: a ``CronSchedule`` or an ``IntervalSchedule``.
///
/// The set of fire instants is fixed; `next` picks the smallest one strictly after the query,
/// so successive results strictly increase.
public protocol Schedule: Sendable {
    /// The first fire instant strictly after `instant` (whole seconds since the epoch), or `nil`.
    func nextEpochSecond(after instant: Int64) -> Int64?
}

extension Schedule {
    /// The first fire instant strictly after `date`, or `nil` when the schedule has run out.
    public func next(after date: Date) -> Date? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.magnitude < 1e15 else { return nil }
        return nextEpochSecond(after: Int64(seconds)).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Up to `count` fire instants strictly after `instant`, in order (seconds since the epoch).
    public func nextEpochSeconds(after instant: Int64, count: Int) -> [Int64] {
        var out: [Int64] = []
        var cursor = instant
        while out.count < count, let fire = nextEpochSecond(after: cursor) {
            out.append(fire)
            cursor = fire
        }
        return out
    }
}
