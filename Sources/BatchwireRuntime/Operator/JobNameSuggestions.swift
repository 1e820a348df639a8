/// The registered names closest to a mistyped one, for "did you mean" hints.
public enum JobNameSuggestions {
    /// Up to `limit` names within an edit distance of a third of the longer name (at least 2), or that
    /// contain `name`, closest first.
    public static func closest(to name: String, among names: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let scored = names.compactMap { candidate -> (String, Int)? in
            let lower = candidate.lowercased()
            let distance = editDistance(target, Array(lower))
            let bound = max(2, max(target.count, lower.count) / 3)
            if distance <= bound || (!name.isEmpty && lower.contains(name.lowercased())) {
                return (candidate, distance)
            }
            return nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
