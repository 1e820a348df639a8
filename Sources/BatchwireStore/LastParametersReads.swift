import BatchwireCore
import Synchronization

/// Reads the parameters of each job's last execution (what its incrementer starts from) for many jobs with
/// one query: an ask made while no read is going is read at once, alone; asks that arrive while a read is
/// going wait for it and are read together right after. A burst of launches then costs one query per read
/// instead of one per launch (three per read of many: ``MetadataQueries/lastParameters(jobNames:)``), and a
/// lone launch waits for nothing.
final class LastParametersReads: Sendable {
    private typealias Waiter = CheckedContinuation<JobParameters, any Error>

    private struct State: Sendable {
        var waiting: [String: [Waiter]] = [:]
        var isReading = false
    }

    private let state = Mutex(State())
    /// How many jobs one query reads at most.
    let maxJobsPerRead: Int

    init(maxJobsPerRead: Int = 200) {
        self.maxJobsPerRead = max(1, maxJobsPerRead)
    }

    /// The parameters of the last execution of `jobName`'s newest instance; empty when it has none.
    /// - Throws: ``StoreError`` `.database`, `.corruptData`.
    func parameters(of jobName: String, in context: StoreContext) async throws(StoreError) -> JobParameters {
        do {
            return try await withCheckedThrowingContinuation { (continuation: Waiter) in
                let start = state.withLock { state -> Bool in
                    state.waiting[jobName, default: []].append(continuation)
                    guard !state.isReading else { return false }
                    state.isReading = true
                    return true
                }
                if start { Task { await self.drain(context) } }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "getLastJobParameters failed in the database; see the cause", underlying: error)
        }
    }

    /// Reads for the waiting asks until none is left.
    private func drain(_ context: StoreContext) async {
        while let batch = nextBatch() {
            do {
                let names = batch.keys.sorted()
                let read = try await context.database.transaction("getLastJobParameters", .read) { session in
                    try await MetadataQueries(context: context, session: session).lastParameters(jobNames: names)
                }
                for (jobName, waiters) in batch {
                    let parameters = read[jobName] ?? JobParameters()
                    for waiter in waiters { waiter.resume(returning: parameters) }
                }
            } catch {
                for waiter in batch.values.joined() { waiter.resume(throwing: error) }
            }
        }
    }

    private func nextBatch() -> [String: [Waiter]]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.isReading = false
                return nil
            }
            guard state.waiting.count > maxJobsPerRead else {
                defer { state.waiting = [:] }
                return state.waiting
            }
            var batch: [String: [Waiter]] = [:]
            for name in state.waiting.keys.prefix(maxJobsPerRead) { batch[name] = state.waiting.removeValue(forKey: name) }
            return batch
        }
    }
}
