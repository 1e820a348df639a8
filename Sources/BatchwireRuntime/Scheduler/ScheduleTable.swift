/// Every schedule the scheduler knows, by id: a dictionary's interface over a dense list and an index.
///
/// A `[String: KnownSchedule]` keeps key and value in every bucket, and at 100,000 schedules (just past
/// 3/4 of 131,072) it has 262,144 buckets of 64 bytes: 16.8 MB. Here the buckets hold only the key and a
/// 4-byte position (5.2 MB), and the values sit once each in a list (4.8 MB). Removed positions are reused.
struct ScheduleTable: Sendable {
    private var index: [String: Int32] = [:]
    private var slots: [KnownSchedule?] = []
    /// Positions of removed schedules, reused first.
    private var free: [Int32] = []

    /// How many schedules there are.
    var count: Int { index.count }

    /// The schedule with this id; setting `nil` removes it.
    subscript(id: String) -> KnownSchedule? {
        get { index[id].flatMap { slots[Int($0)] } }
        set {
            if let position = index[id] {
                slots[Int(position)] = newValue
                if newValue == nil {
                    index[id] = nil
                    free.append(position)
                    if free.count > max(1024, index.count) { compact() }
                }
            } else if let newValue {
                if let position = free.popLast() {
                    slots[Int(position)] = newValue
                    index[id] = position
                } else {
                    index[id] = Int32(slots.count)
                    slots.append(newValue)
                }
            }
        }
    }

    /// Every schedule, in no particular order.
    var values: some Sequence<KnownSchedule> { slots.lazy.compactMap { $0 } }

    /// Every id, in no particular order.
    var ids: Dictionary<String, Int32>.Keys { index.keys }

    /// Makes room for `count` schedules in all, so filling the table does not grow the list by doubling.
    mutating func reserveCapacity(_ count: Int) {
        index.reserveCapacity(count)
        slots.reserveCapacity(max(slots.count, count))
    }

    /// Drops the removed positions once they outnumber the schedules (after a fleet shrank a lot).
    private mutating func compact() {
        let kept = Array(values)
        index = Dictionary(minimumCapacity: kept.count)
        slots = []
        slots.reserveCapacity(kept.count)
        free = []
        for schedule in kept {
            index[schedule.entry.id] = Int32(slots.count)
            slots.append(schedule)
        }
    }
}
