/// The iteration order and sizing fields of the `java.util.HashMap` that Spring serializes.
///
/// `JdbcExecutionContextDao.serializeContext` copies the context into `new HashMap<>()` with `put`, in the
/// iteration order of the context's `ConcurrentHashMap`. `HashMap.writeObject` then writes `threshold`,
/// the bucket count and the entries bucket by bucket, so reproducing the bytes means reproducing both
/// maps' layouts:
/// - `HashMap`: table of 16 allocated on the first put and doubled whenever `size > 0.75 × capacity`, or
///   when a bucket reaches 9 entries while the table is smaller than 64 (`treeifyBin`). Entries within a
///   bucket keep insertion order (resizes split buckets preserving order).
/// - `ConcurrentHashMap` (insertion order into the `HashMap`): table of 16, doubled when the count
///   reaches 0.75 × capacity, iterated bin by bin; within a bin, insertion order is assumed.
///
/// Known limits: a `HashMap` bucket that turns into a tree (9+ colliding keys in a table of 64+), and
/// `ConcurrentHashMap` transfers that reorder entries within a bin, are not modelled; both need many keys
/// with colliding hashes.
struct JavaHashMapLayout {
    let capacity: Int32
    let threshold: Int32
    let orderedIndices: [Int]

    /// The layout for keys put in `keys` order into a `ConcurrentHashMap`, then copied into a `HashMap`.
    init(keys: [String]) {
        let hashes = keys.map { key -> Int32 in
            let hash = JavaText.stringHashCode(key)
            return hash ^ Int32(bitPattern: UInt32(bitPattern: hash) >> 16)
        }

        // ConcurrentHashMap iteration order.
        var concurrentCapacity: Int32 = 16
        for count in 1...max(keys.count, 1) where keys.count > 0 {
            if Int32(count) >= concurrentCapacity - (concurrentCapacity >> 2) {
                concurrentCapacity <<= 1
            }
        }
        let spread = hashes.map { $0 & 0x7FFF_FFFF }
        let insertion = keys.indices.sorted {
            let lhs = spread[$0] & (concurrentCapacity - 1)
            let rhs = spread[$1] & (concurrentCapacity - 1)
            return lhs != rhs ? lhs < rhs : $0 < $1
        }

        // HashMap sizing: replay the puts.
        var capacity: Int32 = 0
        var threshold: Int32 = 0
        var placed: [Int] = []
        var bucketCounts: [Int32: Int] = [:]
        func grow() {
            capacity = capacity == 0 ? 16 : capacity << 1
            threshold = Int32(Float(capacity) * 0.75)
            bucketCounts = [:]
            for earlier in placed {
                bucketCounts[hashes[earlier] & (capacity - 1), default: 0] += 1
            }
        }
        for index in insertion {
            if capacity == 0 { grow() }
            placed.append(index)
            let bucket = hashes[index] & (capacity - 1)
            bucketCounts[bucket, default: 0] += 1
            if bucketCounts[bucket, default: 0] >= 9 && capacity < 64 {
                grow()
            }
            if placed.count > Int(threshold) {
                grow()
            }
        }
        let finalCapacity = capacity == 0 ? 16 : capacity
        let position = Dictionary(uniqueKeysWithValues: insertion.enumerated().map { ($1, $0) })
        self.capacity = finalCapacity
        self.threshold = threshold
        self.orderedIndices = insertion.sorted {
            let lhs = hashes[$0] & (finalCapacity - 1)
            let rhs = hashes[$1] & (finalCapacity - 1)
            return lhs != rhs ? lhs < rhs : position[$0]! < position[$1]!
        }
    }
}
