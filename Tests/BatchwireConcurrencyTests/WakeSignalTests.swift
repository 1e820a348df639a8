import BatchwireConcurrency
import Testing

@Suite("WakeSignal")
struct WakeSignalTests {
    @Test("a signal sent while nobody waits ends the next wait at once, and only that one")
    func signalBeforeWaitIsKept() async throws {
        let signal = WakeSignal()
        signal.signal()
        await signal.wait()  // would hang if the signal were lost

        // The signal was used up: a second wait lasts until the next signal.
        let woken = Flag()
        let waiter = Task {
            await signal.wait()
            await woken.set()
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await !woken.isSet)
        signal.signal()
        await waiter.value
        #expect(await woken.isSet)
    }

    @Test("cancelling the waiting task ends its wait")
    func cancellationEndsTheWait() async {
        let signal = WakeSignal()
        let waiter = Task { await signal.wait() }
        try? await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await waiter.value  // would hang if cancellation did not resume the waiter
        #expect(waiter.isCancelled)
    }
}

/// Set once by the waiting task, read by the test.
private actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}
