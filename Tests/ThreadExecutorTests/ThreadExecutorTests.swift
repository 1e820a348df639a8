import Foundation
import Testing
import ThreadExecutor

private actor BlockingWorker {
    private let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(name: String) { executor = ThreadExecutor(name: name) }

    /// Blocks its thread the way a C client call does.
    func block(seconds: Double) -> String {
        Thread.sleep(forTimeInterval: seconds)
        return ThreadExecutor.currentExecutorName ?? "not on an executor thread"
    }

    func isOnItsThread() -> Bool { executor.isCurrentThread }

    func count(upTo n: Int) -> Int { (0..<n).reduce(0, +) }
}

@Suite struct ThreadExecutorTests {
    @Test func runsOnItsOwnNamedThread() async {
        let worker = BlockingWorker(name: "test-worker")
        #expect(await worker.block(seconds: 0) == "test-worker")
        #expect(await worker.isOnItsThread())
    }

    @Test func blockingWorkersDoNotStarveEachOther() async {
        // Four workers each block for 0.3 s. On the 2-thread cooperative pool this takes >= 0.6 s;
        // on dedicated threads the four overlap.
        let workers = (0..<4).map { BlockingWorker(name: "test-block-\($0)") }
        let start = ContinuousClock.now
        await withTaskGroup(of: String.self) { group in
            for worker in workers { group.addTask { await worker.block(seconds: 0.3) } }
            var names: Set<String> = []
            for await name in group { names.insert(name) }
            #expect(names.count == 4)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .milliseconds(550), "took \(elapsed)")
    }

    @Test func jobsRunInOrder() async {
        let worker = BlockingWorker(name: "test-order")
        var results: [Int] = []
        for n in 1...50 { results.append(await worker.count(upTo: n)) }
        #expect(results == (1...50).map { $0 * ($0 - 1) / 2 })
    }
}
