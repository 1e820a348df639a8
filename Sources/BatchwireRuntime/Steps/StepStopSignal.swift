import Synchronization

/// The way to stop a running step from outside: the launcher keeps one per step execution and calls
/// ``stop()`` when it sees the execution marked STOPPING.
///
/// A command step's process group then gets SIGTERM, and SIGKILL after the grace period; a step waiting
/// to retry stops waiting; a Swift step sees ``isStopRequested`` and task cancellation. Stopping is
/// final: a signal stays stopped.
public final class StepStopSignal: Sendable {
    private let state = Mutex(State())

    private struct State {
        var stopRequested = false
        var process: ChildProcess?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var handlers: [@Sendable () -> Void] = []
    }

    /// A signal that has not been raised.
    public init() {}

    /// Whether ``stop()`` was called.
    public var isStopRequested: Bool {
        state.withLock { $0.stopRequested }
    }

    /// Asks the step to stop. Safe to call any number of times, from any thread.
    public func stop() {
        let (process, waiters, handlers) = state.withLock { state in
            guard !state.stopRequested else {
                return (ChildProcess?.none, [CheckedContinuation<Void, Never>](), [@Sendable () -> Void]())
            }
            state.stopRequested = true
            defer {
                state.process = nil
                state.waiters = [:]
                state.handlers = []
            }
            return (state.process, Array(state.waiters.values), state.handlers)
        }
        process?.terminate(.stop)
        for waiter in waiters { waiter.resume() }
        for handler in handlers { handler() }
    }

    /// Runs `handler` once when the signal is raised (at once if it already was).
    func onStop(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            if state.stopRequested { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Makes `process` the one ``stop()`` terminates; terminates it at once if a stop was already asked.
    func attach(_ process: ChildProcess) {
        let stopNow = state.withLock { state in
            if state.stopRequested { return true }
            state.process = process
            return false
        }
        if stopNow { process.terminate(.stop) }
    }

    /// Forgets the attached process (it exited).
    func detach() {
        state.withLock { $0.process = nil }
    }

    /// Returns when the signal is raised or the task is cancelled.
    func waitForStop() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.stopRequested || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
