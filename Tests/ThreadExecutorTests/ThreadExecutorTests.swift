import Foundation
import Testing
import ThreadExecutor

/// A rendezvous for `parties` threads that blocks each arriving thread until all have arrived
/// or the deadline passes. Blocking callers on Swift's cooperative pool (2 threads here) could never
/// all meet, so meeting proves each caller had a thread of its own.
private final class Rendezvous: @unchecked Sendable {
    // @unchecked Sendable: `arrived` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var arrived = 0
    private let parties: Int

    init(parties: Int) { self.parties = parties }

    /// Returns whether every party arrived before the deadline.
    func arriveAndWait(timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while arrived < parties {
            if !condition.wait(until: deadline) { return arrived >= parties }
        }
        return true
    }
}

private actor BlockingWorker {
    private let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(name: String) { executor = ThreadExecutor(name: name) }

    func executorName() -> String { ThreadExecutor.currentExecutorName ?? "not on an executor thread" }

    func isOnItsThread() -> Bool { executor.isCurrentThread }

    /// The OS thread's name, as `top -H`, `ps -L` and debuggers show it.
    func osThreadName() -> String {
        let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "unreadable"
        return comm.trimmingCharacters(in: .newlines)
    }

    /// Blocks its thread the way a C client call does, until all workers meet.
    func meet(_ rendezvous: Rendezvous) -> Bool { rendezvous.arriveAndWait(timeout: 10) }

    func count(upTo n: Int) -> Int { (0..<n).reduce(0, +) }

    /// The thread as a task executor, for `withTaskExecutorPreference`.
    nonisolated var taskExecutor: any TaskExecutor { executor }
}

/// The name of the executor thread the caller runs on, from nonisolated code.
private func currentThreadName() -> String? { ThreadExecutor.currentExecutorName }

@Suite struct ThreadExecutorTests {
    @Test func runsOnItsOwnNamedThread() async {
        let worker = BlockingWorker(name: "test-worker")
        #expect(await worker.executorName() == "test-worker")
        #expect(await worker.isOnItsThread())
        #expect(await worker.osThreadName() == "test-worker")
        // The kernel keeps 15 bytes of a thread name.
        #expect(await BlockingWorker(name: "a-long-executor-name").osThreadName() == "a-long-executor")
    }

    @Test func blockingWorkersEachHaveTheirOwnThread() async {
        // Six workers block until all six are blocked at once: impossible on a pool of fewer threads.
        let workers = (0..<6).map { BlockingWorker(name: "test-block-\($0)") }
        let rendezvous = Rendezvous(parties: workers.count)
        let met = await withTaskGroup(of: Bool.self) { group in
            for worker in workers { group.addTask { await worker.meet(rendezvous) } }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(met == Array(repeating: true, count: workers.count))
    }

    @Test func jobsRunInOrder() async {
        let worker = BlockingWorker(name: "test-order")
        var results: [Int] = []
        for n in 1...50 { results.append(await worker.count(upTo: n)) }
        #expect(results == (1...50).map { $0 * ($0 - 1) / 2 })
    }

    @Test func nonisolatedCodeRunsOnTheThreadItPrefers() async {
        let worker = BlockingWorker(name: "test-prefer")
        let names = await withTaskExecutorPreference(worker.taskExecutor) { () async -> [String?] in
            var names = [currentThreadName()]
            for n in 1...20 {
                _ = await worker.count(upTo: n)
                names.append(currentThreadName())  // back from the actor: still on its thread
            }
            return names
        }
        #expect(names == Array(repeating: "test-prefer", count: 21))
        // Without the preference, nonisolated code runs on the cooperative pool.
        #expect(currentThreadName() == nil)
    }

    @Test func notOnItsThreadFromElsewhere() {
        let executor = ThreadExecutor(name: "test-elsewhere")
        #expect(!executor.isCurrentThread)
        #expect(ThreadExecutor.currentExecutorName == nil)
        executor.shutdown()
    }
}
