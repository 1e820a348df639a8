/// The 64-bit FNV-1a hash: the same on every node and every run (unlike `Hasher`), so it is used for `H`
/// values and for the scheduler's stable jitter.
public enum FNV1a {
    /// FNV-1a 64 of the UTF-8 bytes of `text`.
    public static func hash64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
