import Foundation
import Testing
import ThreadExecutor

/// Blocks each arriving thread until `parties` have arrived (or 10 s pass).
private final class Meeting: @unchecked Sendable {
    // @unchecked Sendable: `arrived` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var arrived = 0

    func arriveAndWait(parties: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: 10)
        while arrived < parties { if !condition.wait(until: deadline) { return false } }
        return true
    }
}

@Suite struct BlockingCallPoolTests {
    @Test func runPutsOneCallOnTheExecutorsThread() async throws {
        let executor = ThreadExecutor(name: "test-run")
        defer { executor.shutdown() }
        #expect(await executor.run { ThreadExecutor.currentExecutorName } == "test-run")
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await executor.run { () throws(Refused) -> Int in throw Refused() } }
        #expect(ThreadExecutor.currentExecutorName == nil)
    }

    @Test func blockingCallsEachGetAThreadAndThreadsAreReused() async {
        let pool = BlockingCallPool(name: "test-pool", idleLimit: 2)
        // Four calls block until all four are blocked at once: each had a thread of its own.
        let meeting = Meeting()
        let met = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    await pool.run { () -> Bool in
                        meeting.arriveAndWait(parties: 4)
                            && ThreadExecutor.currentExecutorName?.hasPrefix("test-pool-") == true
                    }
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(met == [true, true, true, true])
        #expect(pool.startedThreads == 4)
        // Two were kept, two shut down; later calls reuse the kept ones.
        #expect(pool.idleThreads == 2)
        for _ in 0..<10 { _ = await pool.run { ThreadExecutor.currentExecutorName } }
        #expect(pool.startedThreads == 4)
        #expect(pool.idleThreads == 2)
    }
}
