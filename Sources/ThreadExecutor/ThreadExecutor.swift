import Foundation
import Synchronization

/// A serial executor that runs every job on one dedicated OS thread, never on Swift's cooperative pool.
///
/// Blocking C calls (a MySQL query, an SQLite step) park the thread they run on. On the cooperative
/// pool, which has one thread per core, a few such calls stall every task in the process. An actor
/// that returns one of these from `unownedExecutor` runs all its methods on the dedicated thread, so
/// blocking there only delays that actor.
///
/// ```swift
/// actor Connection {
///     private let executor = ThreadExecutor(name: "mysql-1")
///     nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
/// }
/// ```
///
/// It is also a `TaskExecutor`: code run under `withTaskExecutorPreference(executor)` runs its nonisolated
/// parts on the same thread, so a sequence of calls to such an actor (the statements of one transaction)
/// stays on one thread instead of handing the task to the cooperative pool and back around every call.
///
/// The thread lives until ``shutdown()`` is called; jobs enqueued after that are still run, inline
/// on a short-lived thread, so a late job is never lost.
public final class ThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: all mutable state is inside `state`, a Mutex; the condition variable is
    // only used together with the mutex `condition` owns.
    private struct State: ~Copyable {
        var jobs: [UnownedJob] = []
        var isShutDown = false
        var thread: pthread_t?
    }

    private let state = Mutex(State())
    private let condition = NSCondition()
    /// The name given to the thread, visible in debuggers and `top -H`.
    public let name: String

    /// Starts the dedicated thread.
    /// - Parameter name: the thread's name, e.g. `"mysql-conn-3"`.
    public init(name: String) {
        self.name = name
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        let accepted = state.withLock { state -> Bool in
            if state.isShutDown { return false }
            state.jobs.append(unowned)
            return true
        }
        condition.signal()
        condition.unlock()
        if !accepted {
            // After shutdown: run the job on a thread of its own rather than drop it.
            let executor = self.asUnownedSerialExecutor()
            let taskExecutor = self.asUnownedTaskExecutor()
            Thread.detachNewThread { unowned.runSynchronously(isolatedTo: executor, taskExecutor: taskExecutor) }
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Whether the calling code is running on this executor's thread.
    public var isCurrentThread: Bool {
        guard let thread = state.withLock({ $0.thread }) else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// The name of the executor whose thread is calling, or `nil` on any other thread.
    public static var currentExecutorName: String? {
        Thread.current.threadDictionary[threadKey] as? String
    }

    private static let threadKey = "batchwire.thread-executor"

    /// Lets the thread finish the jobs already queued, then end.
    public func shutdown() {
        condition.lock()
        state.withLock { $0.isShutDown = true }
        condition.signal()
        condition.unlock()
    }

    /// Gives the calling thread `name` as the kernel shows it (`top -H`, `ps -L`, `perf`), cut to the longest
    /// prefix of at most 15 bytes, the kernel's limit.
    ///
    /// Foundation's `Thread.name` does not do it reliably on Linux: set before `start()` it never reaches the
    /// OS thread, and set from the new thread it is skipped when the thread runs before `start()` has recorded
    /// it (the thread then kept its creator's name, e.g. "…root.default-qos"). Writing the thread's own
    /// `comm` file has no such race.
    private static func nameOSThread(_ name: String) {
        var osName = Substring(name)
        while osName.utf8.count > 15 { osName = osName.dropLast() }
        let file = open("/proc/thread-self/comm", O_WRONLY)
        guard file >= 0 else { return }
        _ = osName.utf8.withContiguousStorageIfAvailable { bytes in write(file, bytes.baseAddress, bytes.count) }
            ?? Array(osName.utf8).withUnsafeBytes { bytes in write(file, bytes.baseAddress, bytes.count) }
        close(file)
    }

    private func runLoop() {
        Self.nameOSThread(name)
        Thread.current.threadDictionary[Self.threadKey] = name
        state.withLock { $0.thread = pthread_self() }
        let executor = asUnownedSerialExecutor()
        let taskExecutor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            var batch: [UnownedJob] = []
            var finished = false
            while batch.isEmpty && !finished {
                (batch, finished) = state.withLock { state in
                    let jobs = state.jobs
                    state.jobs.removeAll(keepingCapacity: true)
                    return (jobs, state.isShutDown)
                }
                if batch.isEmpty && !finished { condition.wait() }
            }
            condition.unlock()
            for job in batch { job.runSynchronously(isolatedTo: executor, taskExecutor: taskExecutor) }
            if finished && batch.isEmpty { return }
        }
    }
}
