/// Decimal text of `BigInteger` magnitudes and Java's `BigDecimal.toString()`.
enum JavaDecimalText {
    /// The decimal digits of a big-endian unsigned magnitude (`"0"` when empty).
    static func decimalDigits(bigEndianMagnitude bytes: [UInt8]) -> String {
        var limbs = bytes.drop { $0 == 0 }.map { UInt32($0) }  // base 256, most significant first
        guard !limbs.isEmpty else { return "0" }
        var chunks: [UInt32] = []  // base 10^9, least significant first
        while !limbs.isEmpty {
            var remainder: UInt64 = 0
            var quotient: [UInt32] = []
            for limb in limbs {
                let current = remainder << 8 | UInt64(limb)
                let digit = current / 1_000_000_000
                remainder = current % 1_000_000_000
                if !quotient.isEmpty || digit != 0 { quotient.append(UInt32(digit)) }
            }
            chunks.append(UInt32(remainder))
            limbs = quotient
        }
        var text = String(chunks.last!)
        for chunk in chunks.dropLast().reversed() {
            text += JavaText.pad(Int(chunk), 9)
        }
        return text
    }

    /// `BigDecimal.toString()` of `unscaled × 10^-scale`: plain when the scale is not negative and the
    /// adjusted exponent is at least -6, else scientific (`1.23E+5`).
    static func text(unscaled: String, scale: Int32) -> String {
        let negative = unscaled.hasPrefix("-")
        let digits = negative ? String(unscaled.dropFirst()) : unscaled
        let sign = negative ? "-" : ""
        let adjusted = -Int(scale) + (digits.count - 1)
        if scale == 0 { return sign + digits }
        if scale > 0 && adjusted >= -6 {
            let point = digits.count - Int(scale)
            if point > 0 {
                return sign + digits.prefix(point) + "." + digits.dropFirst(point)
            }
            return sign + "0." + String(repeating: "0", count: -point) + digits
        }
        var text = sign + String(digits.prefix(1))
        if digits.count > 1 { text += "." + digits.dropFirst() }
        return text + "E" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }
}
