import Foundation

/// The schedules' next wake-ups, earliest first: a binary min-heap, so the scheduler sleeps until the
/// head instead of sweeping every schedule. Removal is lazy: an item whose `token` no longer matches its
/// schedule's is ignored when it reaches the head.
struct FireQueue: Sendable {
    struct Item: Sendable {
        /// When to wake for this schedule (its next slot plus jitter).
        let due: Date
        /// The schedule (a reference: 8 bytes per item, where its id took 16).
        let entry: ScheduleEntry
        /// The schedule's activation token when queued.
        let token: UInt64

        var scheduleID: String { entry.id }
    }

    private var heap: [Item] = []

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// The earliest item.
    var first: Item? { heap.first }

    /// Builds the heap from unordered items in linear time.
    init(_ items: [Item] = []) {
        heap = items
        guard heap.count > 1 else { return }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func insert(_ item: Item) {
        heap.append(item)
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest item.
    mutating func popFirst() -> Item? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let item = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        return item
    }

    private static func precedes(_ a: Item, _ b: Item) -> Bool {
        a.due != b.due ? a.due < b.due : a.entry.id < b.entry.id
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            let right = left + 1
            if right < heap.count, Self.precedes(heap[right], heap[left]) { smallest = right }
            guard Self.precedes(heap[smallest], heap[parent]) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
