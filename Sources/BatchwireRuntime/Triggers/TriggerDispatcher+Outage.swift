import BatchwireStore
import Foundation

/// A database outage delays a trigger's message, it never drops it: each write (and the launch) is tried
/// again, with a growing pause (0.2 s to 5 s), until the database answers or the node shuts down.
extension TriggerDispatcher {
    /// Runs `body` until it gets past a database outage.
    /// - Throws: what `body` throws when it is not an outage, or its last error once the task is cancelled.
    func surviving<T: Sendable, Failure: Error>(
        _ what: String, _ body: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        var delay = Duration.milliseconds(200)
        var warned = false
        while true {
            do {
                return try await body()
            } catch where Self.isOutage(error) && !Task.isCancelled {
                if !warned {
                    logger.warning(
                        "database unavailable; the trigger's message waits and is tried again",
                        metadata: ["while": "\(what)", "error": "\(error)"])
                    warned = true
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// Whether `error` says the database could not be used (rather than a refusal by the rules).
    static func isOutage(_ error: any Error) -> Bool {
        if let error = error as? StoreError { return error.code == .database || error.code == .transactionConflict }
        if let error = error as? JobOperatorError { return error.code == .store }
        return false
    }
}
