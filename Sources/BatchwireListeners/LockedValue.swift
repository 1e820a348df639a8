import Synchronization

/// A `Mutex` that closures and tasks can share: `Mutex` itself cannot be copied into a closure.
final class LockedValue<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with the value under the lock; keep it short and never await inside.
    func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try mutex.withLock(body)
    }
}
