/// The years of a year field (1970-2199), or every year.
struct YearSet: Sendable, Hashable {
    /// Bit `y - 1970` of word `(y - 1970) / 64`; `nil` means every year (no year field, or `*`).
    private(set) var words: [UInt64]?

    /// Every year.
    static let all = YearSet(words: nil)

    /// An empty set, to be filled with ``insert(_:)``.
    static func empty() -> YearSet { YearSet(words: [0, 0, 0, 0]) }

    /// Adds a year in 1970-2199.
    mutating func insert(_ year: Int) {
        let i = year - CronField.firstYear
        guard i >= 0, i < 256, words != nil else { return }
        words![i >> 6] |= 1 << UInt64(i & 63)
    }

    /// Whether every year counts.
    var isAll: Bool { words == nil }

    /// Whether no year is in the set.
    var isEmpty: Bool { words.map { $0.allSatisfy { $0 == 0 } } ?? false }

    /// Whether `year` is in the set.
    @inline(__always)
    func contains(_ year: Int) -> Bool {
        guard let words else { return true }
        let i = year - CronField.firstYear
        guard i >= 0, i < 256 else { return false }
        return (words[i >> 6] >> UInt64(i & 63)) & 1 == 1
    }

    /// The smallest year in the set `>= year`, or `nil` when there is none.
    func first(from year: Int) -> Int? {
        guard let words else { return year }
        var i = max(year - CronField.firstYear, 0)
        while i < 256 {
            let rest = words[i >> 6] >> UInt64(i & 63)
            if rest != 0 { return CronField.firstYear + i + rest.trailingZeroBitCount }
            i = (i | 63) + 1
        }
        return nil
    }

    /// The years in the set, in order (empty when every year counts).
    var members: [Int] {
        guard let words else { return [] }
        var out: [Int] = []
        for (w, word) in words.enumerated() {
            for bit in word.members { out.append(CronField.firstYear + w * 64 + bit) }
        }
        return out
    }
}
