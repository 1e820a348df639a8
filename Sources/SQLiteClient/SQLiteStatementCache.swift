/// Prepared statements keyed by their SQL, least recently used evicted first.
///
/// A statement is taken out while it runs and put back afterwards, so a statement is never used
/// twice at once even if the same SQL is run while it is in use (a fresh one is prepared then).
/// Owned by one ``SQLiteHandle``, which finalizes what this returns and clears it before closing.
struct SQLiteStatementCache {
    private struct Entry {
        var statement: OpaquePointer
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var useCounter: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Removes and returns the cached statement for `sql`, if there is one.
    mutating func take(_ sql: String) -> OpaquePointer? {
        entries.removeValue(forKey: sql)?.statement
    }

    /// Caches `statement` for `sql`, or returns it when it cannot be kept, together with the
    /// statement evicted to make room; the caller finalizes whatever comes back.
    mutating func put(_ statement: OpaquePointer, for sql: String) -> [OpaquePointer] {
        guard capacity > 0 else { return [statement] }
        var evicted: [OpaquePointer] = []
        if let existing = entries[sql] {
            // The same SQL was prepared again while this one was out: keep one.
            evicted.append(existing.statement)
        } else if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            evicted.append(oldest.value.statement)
        }
        useCounter += 1
        entries[sql] = Entry(statement: statement, lastUse: useCounter)
        return evicted
    }

    /// Empties the cache and returns every statement, for finalizing before close.
    mutating func removeAll() -> [OpaquePointer] {
        defer { entries.removeAll() }
        return entries.values.map(\.statement)
    }
}
