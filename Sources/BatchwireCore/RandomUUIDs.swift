import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Random (version 4, RFC 9562) UUIDs, cut from a buffer of kernel randomness that is refilled
/// 4 KiB (256 ids) at a time.
///
/// Every event gets a fresh id. Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom`
/// for each one: three system calls per event, on the path of every status change. Here one
/// `getrandom` call (through `arc4random_buf`) serves 256 ids; the bytes are the kernel's CSPRNG output either way.
///
/// ```swift
/// let id = RandomUUIDs.next()   // e.g. 3f2b8c1e-9d4a-4e7b-b1c2-5a6d7e8f9a0b
/// ```
public enum RandomUUIDs {
    private struct Pool: ~Copyable {
        var bytes = [UInt8](repeating: 0, count: 4096)
        /// Where the next unused id starts; `bytes.count` when all are used.
        var offset = 4096
    }

    private static let pool = Mutex(Pool())

    /// A new random UUID (version 4, variant 10xx).
    public static func next() -> UUID {
        var raw = pool.withLock { pool -> uuid_t in
            if pool.offset + 16 > pool.bytes.count {
                refill(&pool.bytes)
                pool.offset = 0
            }
            let start = pool.offset
            pool.offset += 16
            return pool.bytes.withUnsafeBytes { buffer in
                var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &value) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<start + 16]))
                }
                return value
            }
        }
        raw.6 = (raw.6 & 0x0F) | 0x40  // version 4
        raw.8 = (raw.8 & 0x3F) | 0x80  // RFC 9562 variant
        return UUID(uuid: raw)
    }

    /// Fills `bytes` from the kernel: glibc's `arc4random_buf` is one `getrandom` call per request.
    private static func refill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            #if canImport(Glibc)
                arc4random_buf(buffer.baseAddress!, buffer.count)
            #else
                var generator = SystemRandomNumberGenerator()
                for index in buffer.indices { buffer[index] = generator.next() }
            #endif
        }
    }
}
