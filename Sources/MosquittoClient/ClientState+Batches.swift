/// The state of batch publishes (``MQTTClient/publish(_:)``): one continuation per batch, resumed once
/// every message of it is settled (acknowledged, refused, or failed before it was sent).
extension ClientState {
    typealias BatchContinuation = CheckedContinuation<[BatchOutcome], Never>

    /// What became of one message of a batch so far.
    enum BatchOutcome: Sendable {
        /// Handed to libmosquitto; no acknowledgement yet.
        case pending
        /// The broker answered (a PUBACK or PUBCOMP, whose reason code may still be a refusal).
        case acknowledged(AckResult)
        /// Settled without an acknowledgement: never handed over (bad topic, not connected), a QoS 0
        /// message written (success, `nil`), the caller cancelled, or the client closed.
        case settled((any Error)?)
    }

    /// A batch waiting for acknowledgements.
    struct PendingBatch {
        let continuation: BatchContinuation
        var outcomes: [BatchOutcome]
        /// The message id of each message, by index (0 for those settled before registration).
        let mids: [Int32]
        /// How many are still `pending`.
        var remaining: Int
    }

    /// Takes a fresh batch id.
    mutating func makeBatchID() -> UInt64 {
        defer { nextBatchID &+= 1 }
        return nextBatchID
    }

    /// Registers batch `id`, whose messages `waiting` (index, message id) were handed to libmosquitto
    /// and whose other messages are already settled in `outcomes`. Acknowledgements that arrived first are
    /// taken now. Returns the outcomes to resume with at once when nothing is left to wait for (or when the
    /// task is already cancelled, or the client closed).
    mutating func registerBatch(
        _ id: UInt64, waiting: [(index: Int, mid: Int32)], outcomes: [BatchOutcome], continuation: BatchContinuation
    ) -> [BatchOutcome]? {
        var outcomes = outcomes
        let failure: (any Error)? =
            if Task.isCancelled { CancellationError() } else if case .closed = phase {
                MQTTError(code: .closed, operation: "publish")
            } else { nil }
        var mids = [Int32](repeating: 0, count: outcomes.count)
        var remaining = 0
        for (index, mid) in waiting {
            if case .arrived(let result) = acks[mid] {
                acks[mid] = nil
                outcomes[index] = .acknowledged(result)
            } else if let failure {
                acks[mid] = .discard(clearOnDisconnect: false)
                outcomes[index] = .settled(failure)
            } else {
                acks[mid] = .batched(batch: id, index: index)
                mids[index] = mid
                remaining += 1
            }
        }
        if remaining == 0 { return outcomes }
        batches[id] = PendingBatch(continuation: continuation, outcomes: outcomes, mids: mids, remaining: remaining)
        return nil
    }

    /// Message `index` of batch `id` was acknowledged. Returns the batch's continuation and outcomes when it
    /// was the last one.
    mutating func batchAckArrived(_ id: UInt64, index: Int, _ result: AckResult) -> ArrivalAction? {
        guard batches[id] != nil else { return nil }
        batches[id]!.outcomes[index] = .acknowledged(result)
        batches[id]!.remaining -= 1
        guard batches[id]!.remaining == 0, let batch = batches.removeValue(forKey: id) else { return nil }
        return .resumeBatch(batch.continuation, batch.outcomes)
    }

    /// The caller of batch `id` was cancelled: its waiting messages are no longer awaited (they may still be
    /// delivered). Returns the continuation and the outcomes to resume with.
    mutating func abandonBatch(_ id: UInt64) -> (BatchContinuation, [BatchOutcome])? {
        guard var batch = batches.removeValue(forKey: id) else { return nil }
        for (index, outcome) in batch.outcomes.enumerated() {
            guard case .pending = outcome else { continue }
            acks[batch.mids[index]] = .discard(clearOnDisconnect: false)
            batch.outcomes[index] = .settled(CancellationError())
        }
        return (batch.continuation, batch.outcomes)
    }
}
