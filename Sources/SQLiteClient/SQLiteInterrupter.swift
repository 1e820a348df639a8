internal import CSQLite3
import Synchronization

/// Calls `sqlite3_interrupt` from any thread, and never on a closed connection.
///
/// `sqlite3_interrupt` is the one SQLite call documented as safe from a thread other than the one
/// using the connection, but only while the connection is open. The handle is kept in a `Mutex`
/// that ``detach()`` empties before the connection closes, so an interrupt racing with `close`
/// either lands first or finds nothing. The pointer is kept as its address, a plain integer, so
/// the class is `Sendable` without `@unchecked`; it is only turned back into a pointer under the lock.
final class SQLiteInterrupter: Sendable {
    private let address = Mutex<Int>(0)

    init() {}

    /// Points the interrupter at an open connection.
    func attach(_ db: OpaquePointer) {
        let bits = Int(bitPattern: db)
        address.withLock { $0 = bits }
    }

    /// Forgets the connection; call before closing it.
    func detach() {
        address.withLock { $0 = 0 }
    }

    /// Makes the statement running on the connection, if any, fail with `SQLITE_INTERRUPT` soon.
    func interrupt() {
        address.withLock { bits in
            if let db = OpaquePointer(bitPattern: bits) { sqlite3_interrupt(db) }
        }
    }
}
