import BatchwireCore
import Synchronization

/// What the launcher keeps about one execution it runs: the stop request, the running step's stop
/// signal and the task that ends when the execution does. (Event sequence numbers come from the store,
/// which numbers each execution's events inside the transactions that write them.)
final class RunningExecution: Sendable {
    let id: Int64
    let jobName: String
    private let state: Mutex<State>

    private struct State {
        var stopRequested = false
        var leaseLost = false
        var signal: StepStopSignal?
        var finished: JobExecution?
        var waiters: [CheckedContinuation<JobExecution, Never>] = []
    }

    init(id: Int64, jobName: String) {
        self.id = id
        self.jobName = jobName
        self.state = Mutex(State())
    }

    var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Whether another node took the execution's lease over: it then owns the execution's verdict, and this
    /// process writes nothing more of it.
    var hasLostLease: Bool { state.withLock { $0.leaseLost } }

    /// Marks the lease lost to another node and stops the running step.
    func loseLease() {
        state.withLock { $0.leaseLost = true }
        requestStop()
    }

    /// Marks the execution to stop and stops the running step, if any.
    func requestStop() {
        let signal = state.withLock { state in
            state.stopRequested = true
            return state.signal
        }
        signal?.stop()
    }

    /// Makes `signal` the running step's; raises it at once if a stop was already asked.
    func attach(_ signal: StepStopSignal) {
        let stopNow = state.withLock { state in
            state.signal = signal
            return state.stopRequested
        }
        if stopNow { signal.stop() }
    }

    func detach() {
        state.withLock { $0.signal = nil }
    }

    /// Records the final state and wakes the waiters.
    func finish(_ execution: JobExecution) {
        let waiters = state.withLock { state in
            state.finished = execution
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: execution) }
    }

    /// Returns the final state once the execution ended.
    func waitUntilFinished() async -> JobExecution {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state in
                if let finished = state.finished { return finished as JobExecution? }
                state.waiters.append(continuation)
                return nil
            }
            if let finished { continuation.resume(returning: finished) }
        }
    }
}
