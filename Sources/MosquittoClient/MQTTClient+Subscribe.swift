internal import CMosquitto

extension MQTTClient {
    /// Subscribes to a topic filter and returns its messages as an async sequence.
    ///
    /// The filter may use wildcards (`+`, `#`) and may be a shared subscription
    /// (`$share/<group>/<filter>`): the broker then delivers each message to one member of the group.
    /// Several calls with the same filter share one broker subscription and each get every message.
    /// The subscription is sent again after every reconnect, until ``unsubscribe(_:)``, until the
    /// returned sequence is dropped, or until ``disconnect()``.
    /// - Parameters:
    ///   - filter: the topic filter.
    ///   - qos: the maximum QoS to receive messages with (default at least once).
    ///   - options: MQTT 5 subscription options.
    /// - Returns: the messages, once the broker acknowledged the subscription.
    /// - Throws: ``MQTTError``: `notAuthorized` when the ACL denies the filter, `subscribeRejected`
    ///   for other refusals, `invalidArgument` for a malformed filter, `notConnected` when the client
    ///   is not connected at the moment of the call, `connectionLost` when the connection dropped
    ///   before the acknowledgement, `closed` after `disconnect()`. `CancellationError`.
    public func subscribe(
        _ filter: String,
        qos: MQTTQoS = .atLeastOnce,
        options: MQTTSubscribeOptions = .default
    ) async throws -> MQTTSubscription {
        let (added, stream, continuation) = try addConsumer(filter, qos: qos, options: options) { phase throws(MQTTError) in
            switch phase {
            case .connected: break
            case .closed: throw MQTTError(code: .closed, operation: "subscribe", detail: filter)
            case .idle, .connecting, .reconnecting:
                throw MQTTError(code: .notConnected, operation: "subscribe", detail: filter)
            }
        }
        do {
            var mid: Int32 = 0
            let properties = try MosquittoPropertyList(subscriptionIdentifier: added.identifier)
            let rc = mosquitto_subscribe_v5(
                handle.raw, &mid, filter, Int32(added.qos.rawValue), options.mosquittoFlags, properties.raw)
            try Mosquitto.check(rc, "subscribe", detail: filter)
            let result = try await core.awaitAcknowledgement(mid, .subscribe)
            guard case .subscribed(let granted) = result, let code = granted.first else {
                throw MQTTError(code: .protocolError, operation: "subscribe", detail: "unexpected acknowledgement")
            }
            if code >= 128 { throw Mosquitto.reasonError(code, "subscribe", detail: filter) }
            core.logger.debug("MQTT subscribed", metadata: ["mqtt.filter": "\(filter)", "mqtt.qos": "\(code)"])
            return MQTTSubscription(filter: filter, grantedQoS: MQTTQoS(rawValue: Int(code)) ?? qos, stream: stream)
        } catch {
            continuation.finish()  // removes the consumer (and the broker subscription if it was the last)
            throw error
        }
    }

    /// Registers a subscription before ``connect()``, so that it is sent with the first connection and no
    /// message the broker delivers right after the CONNACK is missed: what a client with a kept session
    /// (`cleanStart: false`) needs, since the broker sends the messages it queued at once, before any
    /// ``subscribe(_:qos:options:)`` call could be acknowledged.
    ///
    /// The broker's answer is not awaited; a refusal ends the returned sequence with the error.
    /// - Throws: ``MQTTError`` `invalidArgument` for a malformed filter or when the client already connected,
    ///   `closed` after ``disconnect()``.
    public func subscribeBeforeConnecting(
        _ filter: String, qos: MQTTQoS = .atLeastOnce, options: MQTTSubscribeOptions = .default
    ) throws -> MQTTSubscription {
        let (added, stream, _) = try addConsumer(filter, qos: qos, options: options) { phase throws(MQTTError) in
            switch phase {
            case .idle: break
            case .closed: throw MQTTError(code: .closed, operation: "subscribe", detail: filter)
            case .connecting, .connected, .reconnecting:
                throw MQTTError(
                    code: .invalidArgument, operation: "subscribe",
                    detail: "subscribeBeforeConnecting after connect(); use subscribe(): \(filter)")
            }
        }
        return MQTTSubscription(filter: filter, grantedQoS: added.qos, stream: stream)
    }

    /// Checks the filter and the phase, and adds a consumer whose stream's end removes it again (and
    /// unsubscribes when it was the filter's last).
    private func addConsumer(
        _ filter: String, qos: MQTTQoS, options: MQTTSubscribeOptions,
        allowed check: (ClientState.Phase) throws(MQTTError) -> Void
    ) throws(MQTTError) -> (
        added: (consumer: UInt64, identifier: UInt32, qos: MQTTQoS), stream: AsyncThrowingStream<MQTTMessage, any Error>,
        continuation: AsyncThrowingStream<MQTTMessage, any Error>.Continuation
    ) {
        try Self.validate(filter: filter)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: MQTTMessage.self, throwing: (any Error).self)
        let added = try core.state.withLock { state throws(MQTTError) in
            try check(state.phase)
            return state.addConsumer(filter: filter, qos: qos, options: options, continuation: continuation)
        }
        continuation.onTermination = { [weak core, weak handle] _ in
            guard let core, let handle else { return }
            if core.state.withLock({ $0.removeConsumer(filter: filter, consumer: added.consumer) }) {
                Self.sendUnsubscribe(filter, handle: handle, core: core)
            }
        }
        return (added, stream, continuation)
    }

    /// Ends a subscription: every sequence returned for `filter` ends, and the broker is told.
    /// - Parameter filter: the filter exactly as given to ``subscribe(_:qos:options:)``.
    /// - Throws: ``MQTTError`` if the UNSUBSCRIBE could not be sent or acknowledged; the local
    ///   subscription is gone either way (it will not be restored after a reconnect).
    public func unsubscribe(_ filter: String) async throws {
        let (consumers, connected) = core.state.withLock { state in
            (state.removeSubscription(filter: filter), state.phase == .connected)
        }
        for consumer in consumers { consumer.finish() }
        guard connected else { return }
        var mid: Int32 = 0
        try Mosquitto.check(mosquitto_unsubscribe_v5(handle.raw, &mid, filter, nil), "unsubscribe", detail: filter)
        _ = try await core.awaitAcknowledgement(mid, .unsubscribe)
    }

    /// Sends an UNSUBSCRIBE nobody waits for (the last consumer of a filter went away).
    static func sendUnsubscribe(_ filter: String, handle: MosquittoHandle, core: ClientCore) {
        var mid: Int32 = 0
        if mosquitto_unsubscribe_v5(handle.raw, &mid, filter, nil) == Mosquitto.success {
            core.state.withLock { $0.claimDiscarding(mid, clearOnDisconnect: true) }
        }
    }

    static func validate(filter: String) throws(MQTTError) {
        var inner = filter
        if filter.hasPrefix("$share/") {
            let parts = filter.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[1].isEmpty, !parts[1].contains("+"), !parts[1].contains("#"),
                !parts[2].isEmpty
            else {
                throw MQTTError(code: .invalidArgument, operation: "subscribe",
                                detail: "a shared subscription is $share/<group>/<filter>: \(filter)")
            }
            inner = String(parts[2])
        }
        try Mosquitto.check(mosquitto_sub_topic_check(inner), "subscribe", detail: "topic filter \(filter)")
    }
}
