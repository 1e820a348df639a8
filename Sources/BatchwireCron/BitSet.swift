/// Small helpers on `UInt64` used as sets of small integers (bit n set = value n present).
extension UInt64 {
    /// The smallest member `>= value`, or `nil`.
    @inline(__always)
    func firstMember(from value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = self & (value <= 0 ? ~0 : ~0 << UInt64(value))
        return rest == 0 ? nil : rest.trailingZeroBitCount
    }

    /// Whether `value` is a member.
    @inline(__always)
    func hasMember(_ value: Int) -> Bool {
        value >= 0 && value < 64 && (self >> UInt64(value)) & 1 == 1
    }

    /// The members in increasing order.
    var members: [Int] {
        var out: [Int] = []
        var rest = self
        while rest != 0 {
            out.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return out
    }

    /// The set `lo...hi`.
    static func range(_ lo: Int, _ hi: Int) -> UInt64 {
        guard lo <= hi else { return 0 }
        let width = hi - lo + 1
        let ones: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
        return ones << UInt64(lo)
    }
}
