import Synchronization

/// A bound on the launches in flight at once: a launch waits here for a permit, in arrival order, so the
/// database sees a short queue of writes and a slot's lateness is judged when its write is about to start,
/// not seconds before it reaches the database. ``openForShutdown()`` lets every waiter through at once.
final class LaunchAdmission: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var isOpen = false
    }

    private let state: Mutex<State>

    /// At most `limit` permits out at a time.
    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Waits for a permit; give it back with ``release()``.
    func acquire() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state -> Bool in
                if state.isOpen || state.available > 0 {
                    if !state.isOpen { state.available -= 1 }
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    /// Gives a permit back (to the longest waiter, if any).
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.isOpen else { return nil }
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }

    /// Admits every waiter and every later caller without a bound (the node is stopping).
    func openForShutdown() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
