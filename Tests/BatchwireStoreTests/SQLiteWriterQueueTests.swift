import Foundation
import Synchronization
import Testing

@testable import BatchwireStore

@Suite("SQLite writer queue")
struct SQLiteWriterQueueTests {
    /// Counts writers inside at once, and the most seen.
    final class Occupancy: Sendable {
        private let state = Mutex((inside: 0, most: 0, order: [Int]()))
        func enter(_ writer: Int) {
            state.withLock {
                $0.inside += 1
                $0.most = max($0.most, $0.inside)
                $0.order.append(writer)
            }
        }
        func leave() { state.withLock { $0.inside -= 1 } }
        var most: Int { state.withLock { $0.most } }
        var order: [Int] { state.withLock { $0.order } }
    }

    @Test("50 concurrent writers: never two inside at once, every one gets its turn")
    func oneAtATime() async {
        let queue = SQLiteWriterQueue()
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<50 {
                group.addTask {
                    await queue.enter()
                    occupancy.enter(writer)
                    await Task.yield()  // another writer runs meanwhile if it can get in
                    try? await Task.sleep(for: .microseconds(200))
                    occupancy.leave()
                    await queue.leave()
                }
            }
        }
        #expect(occupancy.most == 1)
        #expect(occupancy.order.sorted() == Array(0..<50))
    }

    @Test("waiting writers get their turns in the order they asked")
    func firstComeFirstServed() async throws {
        let queue = SQLiteWriterQueue()
        let occupancy = Occupancy()
        await queue.enter()  // held, so the next ones queue up
        var waiters: [Task<Void, Never>] = []
        for writer in 1...5 {
            waiters.append(
                Task {
                    await queue.enter()
                    occupancy.enter(writer)
                    occupancy.leave()
                    await queue.leave()
                })
            // Let this writer reach the queue before the next one starts.
            while await queue.waitingCount < writer { await Task.yield() }
        }
        #expect(occupancy.order.isEmpty)
        await queue.leave()
        for waiter in waiters { await waiter.value }
        #expect(occupancy.order == [1, 2, 3, 4, 5])
    }
}
