internal import CMosquitto

extension MQTTClient {
    /// Publishes several messages at once and waits until the broker answered every one.
    ///
    /// Every message is handed to libmosquitto before any acknowledgement is awaited, in the order given,
    /// so they go out in that order on the client's one connection (and again in that order after a
    /// reconnect); one continuation waits for the whole batch. That is far cheaper than one `publish`
    /// call (and one task) per message. Each message's result is what
    /// ``publish(topic:payload:qos:retain:properties:)-([UInt8],_,_,_)`` would have thrown or returned
    /// for it alone:
    ///
    /// - QoS 1 and 2 succeed once the broker acknowledged them; while the connection is down they wait in
    ///   libmosquitto's queue and the call keeps waiting. A refusal (a PUBACK reason code of 128 or more)
    ///   fails that message only: `notAuthorized` or `publishRejected`.
    /// - QoS 0 succeeds once libmosquitto queued it, and fails with `notConnected` while disconnected.
    /// - A message that cannot be sent at all (a bad topic, an oversize payload) fails with
    ///   `invalidArgument` at once; the others are still sent.
    /// - If the task is cancelled while waiting, the messages not yet acknowledged fail with
    ///   `CancellationError` (they may still be delivered); after ``disconnect()`` they fail with `closed`.
    ///
    /// The call returns when every message is settled; it never throws.
    ///
    /// - Parameter batch: the messages, in sending order. Batches larger than 16,384 messages are sent
    ///   in parts of that size, each awaited before the next is handed over (message ids must stay unique).
    /// - Returns: one result per message, in the order given.
    public func publish(_ batch: [MQTTPublication]) async -> [Result<Void, any Error>] {
        guard batch.count > Self.batchPartLimit else { return await publishPart(batch[...]) }
        var results: [Result<Void, any Error>] = []
        results.reserveCapacity(batch.count)
        var start = batch.startIndex
        while start < batch.endIndex {
            let end = min(start + Self.batchPartLimit, batch.endIndex)
            results += await publishPart(batch[start..<end])
            start = end
        }
        return results
    }

    /// The most messages handed to libmosquitto before awaiting them: well below the 65,535 message ids.
    static let batchPartLimit = 16_384

    private func publishPart(_ batch: ArraySlice<MQTTPublication>) async -> [Result<Void, any Error>] {
        var outcomes = [ClientState.BatchOutcome](repeating: .pending, count: batch.count)
        var waiting: [(index: Int, mid: Int32)] = []
        waiting.reserveCapacity(batch.count)
        let notReady: MQTTError? =
            switch connectionState {
            case .idle, .connecting: MQTTError(code: .notConnected, operation: "publish")
            case .closed: MQTTError(code: .closed, operation: "publish")
            case .connected, .reconnecting: nil
            }
        for (index, message) in batch.enumerated() {
            if let notReady {
                outcomes[index] = .settled(MQTTError(code: notReady.code, operation: "publish", detail: message.topic))
                continue
            }
            switch hand(message) {
            case .failure(let error): outcomes[index] = .settled(error)
            case .success(nil): outcomes[index] = .settled(nil)
            case .success(let mid?): waiting.append((index, mid))
            }
        }
        let settled: [ClientState.BatchOutcome]
        if waiting.isEmpty {
            settled = outcomes
        } else {
            let core = core
            let id = core.state.withLock { $0.makeBatchID() }
            settled = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: ClientState.BatchContinuation) in
                    let immediate = core.state.withLock {
                        $0.registerBatch(id, waiting: waiting, outcomes: outcomes, continuation: continuation)
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            } onCancel: {
                if let (continuation, outcomes) = core.state.withLock({ $0.abandonBatch(id) }) {
                    continuation.resume(returning: outcomes)
                }
            }
        }
        return zip(batch, settled).map { message, outcome in Self.result(of: outcome, topic: message.topic) }
    }

    /// Hands one message to libmosquitto. Returns the message id to await (QoS 1 and 2), `nil` for a QoS 0
    /// message already queued, or why it could not be handed over.
    private func hand(_ message: MQTTPublication) -> Result<Int32?, MQTTError> {
        Result { () throws(MQTTError) -> Int32? in try handOrThrow(message) }
    }

    private func handOrThrow(_ message: MQTTPublication) throws(MQTTError) -> Int32? {
        guard message.payload.count <= 268_435_455 else {
            throw MQTTError(code: .invalidArgument, operation: "publish", detail: "payload larger than 256 MiB")
        }
        var mid: Int32 = 0
        let list = try MosquittoPropertyList(message.properties)
        let rc = message.payload.withUnsafeBytes { bytes in
            mosquitto_publish_v5(
                handle.raw, &mid, message.topic, Int32(bytes.count), bytes.baseAddress, Int32(message.qos.rawValue),
                message.retain, list.raw)
        }
        if message.qos == .atMostOnce {
            try Mosquitto.check(rc, "publish", detail: message.topic)
            core.state.withLock { $0.claimDiscarding(mid, clearOnDisconnect: true) }
            return nil
        }
        // While the socket is down libmosquitto keeps QoS >= 1 messages queued and sends them after the reconnect.
        guard rc == Mosquitto.success || rc == Int32(MOSQ_ERR_NO_CONN.rawValue) else {
            throw Mosquitto.error(rc, "publish", detail: message.topic)
        }
        return mid
    }

    private static func result(of outcome: ClientState.BatchOutcome, topic: String) -> Result<Void, any Error> {
        switch outcome {
        case .settled(nil): return .success(())
        case .settled(let error?): return .failure(error)
        case .pending: return .failure(MQTTError(code: .closed, operation: "publish", detail: topic))
        case .acknowledged(.published(let reasonCode)):
            return reasonCode >= 128 ? .failure(Mosquitto.reasonError(reasonCode, "publish", detail: topic)) : .success(())
        case .acknowledged:
            return .failure(MQTTError(code: .protocolError, operation: "publish", detail: "unexpected acknowledgement"))
        }
    }
}
