/// A zone's offsets as a sorted list of transitions: `offsets[i]` applies from `transitions[i - 1]`
/// (inclusive) to `transitions[i]` (exclusive). Built once per zone and cached by ``CronZone``.
///
/// Only transitions that change the UTC offset are kept (a change of name or of the DST flag
/// alone does not matter to a schedule).
final class ZoneRules: Sendable {
    /// Instants (seconds since the epoch) at which the offset changes, strictly increasing.
    let transitions: [Int64]
    /// Offsets in seconds east of UTC; one more than there are transitions.
    let offsets: [Int64]
    /// `localStarts[k]` is the wall-clock time at which segment `k + 1` begins.
    let localStarts: [Int64]

    /// Builds the rules from an initial offset and the changes after it, in time order.
    init(initialOffset: Int, changes: [(at: Int64, offset: Int)]) {
        var transitions: [Int64] = []
        var offsets: [Int64] = [Int64(initialOffset)]
        for change in changes {
            if let last = transitions.last, change.at <= last { continue }
            if Int64(change.offset) == offsets.last { continue }
            transitions.append(change.at)
            offsets.append(Int64(change.offset))
        }
        self.transitions = transitions
        self.offsets = offsets
        self.localStarts = transitions.indices.map { transitions[$0] + offsets[$0 + 1] }
    }

    /// A zone with one offset forever.
    convenience init(fixed offset: Int) {
        self.init(initialOffset: offset, changes: [])
    }

    /// The segment holding `instant`: the number of transitions at or before it.
    @inline(__always)
    func segment(containing instant: Int64) -> Int {
        var lo = 0
        var hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if transitions[mid] <= instant { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The last segment whose wall-clock start is at or before `local`.
    @inline(__always)
    func lastSegment(startingAtOrBefore local: Int64) -> Int {
        var lo = 0
        var hi = localStarts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if localStarts[mid] <= local { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The offset in seconds east of UTC at `instant`.
    @inline(__always)
    func offset(at instant: Int64) -> Int64 {
        offsets[segment(containing: instant)]
    }
}

extension ZoneRules {
    /// The instant of a local wall-clock time: the first occurrence in an overlap, the end of
    /// the gap for a time a gap skips.
    func instant(ofLocal local: Int64) -> Int64 {
        for (i, offset) in offsets.enumerated() {
            let start = i == 0 ? Int64.min : transitions[i - 1] + offset
            let end = i == transitions.count ? Int64.max : transitions[i] + offset
            if local < start { return transitions[i - 1] }
            if local < end { return local - offset }
        }
        return local - offsets[offsets.count - 1]
    }
}
