/// How often the broker refused each outbox event this relay tried to publish, until the event is either
/// delivered or moved to the dead letters.
struct RefusalCounter: Sendable {
    private var attempts: [Int64: Int] = [:]
    /// Past this many tracked events the counts start over (each refused event then gets its full
    /// number of attempts again, which delays it but loses nothing).
    private let limit = 10_000

    /// Counts one more refusal of `eventID` and returns how many there were.
    mutating func record(_ eventID: Int64) -> Int {
        if attempts[eventID] == nil && attempts.count >= limit { attempts.removeAll(keepingCapacity: true) }
        attempts[eventID, default: 0] += 1
        return attempts[eventID]!
    }

    /// Forgets events that were delivered or dead-lettered.
    mutating func forget<S: Sequence>(_ eventIDs: S) where S.Element == Int64 {
        guard !attempts.isEmpty else { return }
        for id in eventIDs { attempts[id] = nil }
    }
}
