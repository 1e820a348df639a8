import Synchronization

/// Dedicated threads (``ThreadExecutor``s) lent out for one blocking call each, for calls that may block for
/// a long time and may run many at once, such as waiting for child processes.
///
/// A call borrows an idle executor, or starts a new one when all are busy, and gives it back afterwards.
/// At most `idleLimit` executors wait idle; the others are shut down as they come back. So there are never
/// more threads than calls blocking at the same time (plus the idle ones), no blocking call runs on the
/// cooperative pool, and no thread is left behind per call.
public final class BlockingCallPool: Sendable {
    private struct State: ~Copyable {
        var idle: [ThreadExecutor] = []
        var started = 0
    }

    private let state = Mutex(State())
    /// The prefix of the threads' names; each thread is `name-<n>`.
    public let name: String
    /// How many idle threads are kept for the next calls.
    public let idleLimit: Int

    /// Makes a pool; threads start on demand.
    /// - Parameters:
    ///   - name: the threads' name prefix (the kernel shows 15 bytes), e.g. `"child-wait"`.
    ///   - idleLimit: how many idle threads to keep (0 or more).
    public init(name: String, idleLimit: Int) {
        self.name = name
        self.idleLimit = max(0, idleLimit)
    }

    /// Runs `body` on a thread of the pool.
    /// - Parameter body: the blocking call.
    /// - Returns: what `body` returns.
    public func run<T: Sendable>(_ body: @Sendable () -> T) async -> T {
        let executor = borrow()
        let result = await executor.run(body)
        giveBack(executor)
        return result
    }

    /// How many threads the pool has started in all (for tests and metrics).
    public var startedThreads: Int { state.withLock { $0.started } }

    /// How many threads wait idle now.
    public var idleThreads: Int { state.withLock { $0.idle.count } }

    private func borrow() -> ThreadExecutor {
        let (idle, number) = state.withLock { state -> (ThreadExecutor?, Int) in
            if let executor = state.idle.popLast() { return (executor, 0) }
            state.started += 1
            return (nil, state.started)
        }
        return idle ?? ThreadExecutor(name: "\(name)-\(number)")
    }

    private func giveBack(_ executor: ThreadExecutor) {
        let kept = state.withLock { state -> Bool in
            guard state.idle.count < idleLimit else { return false }
            state.idle.append(executor)
            return true
        }
        if !kept { executor.shutdown() }
    }
}
