/// SplitMix64: a small random number generator with a fixed seed, so generated test inputs are the same on
/// every run and a failure can be reproduced.
package struct SplitMix64: RandomNumberGenerator {
    /// The generator's whole state.
    package var state: UInt64

    /// A generator starting at `state`.
    package init(state: UInt64) { self.state = state }

    /// A generator starting at `seed`.
    package init(seed: UInt64) { self.state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
