extension Duration {
    /// The duration in seconds, with fractions: for arithmetic with `Date` and `TimeInterval`.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
