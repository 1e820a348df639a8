internal import CMosquitto
import Logging
import Synchronization

/// The context libmosquitto's callbacks receive through `void *obj`: it reacts to CONNACK,
/// DISCONNECT, PUBACK/PUBCOMP, SUBACK, UNSUBACK and PUBLISH on the loop thread by changing the
/// state under the lock and then, outside it, resuming continuations and yielding messages.
///
/// Callbacks run on libmosquitto's own loop thread (never the cooperative pool); they may send
/// packets (re-subscriptions) but never stop the loop.
final class ClientCore: Sendable {
    let state = Mutex(ClientState())
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> ClientCore {
        Unmanaged<ClientCore>.fromOpaque(context!).takeUnretainedValue()
    }

    // MARK: Connection

    func didConnect(_ mosq: OpaquePointer?, reasonCode: Int32, flags: Int32) {
        if reasonCode != 0 {
            let error = Mosquitto.reasonError(reasonCode, "connect")
            let waiter = state.withLock { state in
                state.lastConnectionError = error
                return state.phase == .connecting ? state.finishConnecting(.failure(error)) : nil
            }
            logger.error("MQTT broker refused the connection", metadata: ["mqtt.error": "\(error)"])
            waiter?.resume(throwing: error)
            return
        }
        let (waiter, resubscriptions) = state.withLock { state in
            let first = state.phase == .connecting
            state.setPhase(.connected)
            state.lastConnectionError = nil
            let waiter = first ? state.finishConnecting(.success(())) : nil
            return (waiter, Array(state.subscriptions.values))
        }
        logger.info(
            "MQTT connected",
            metadata: ["mqtt.session_present": "\(flags & 1 == 1)", "mqtt.subscriptions": "\(resubscriptions.count)"])
        waiter?.resume()
        // Every active subscription is sent again: the broker may have lost the session, and with
        // retain handling "new subscriptions only" a kept session does not replay retained messages.
        for subscription in resubscriptions {
            resubscribe(mosq, subscription)
        }
    }

    private func resubscribe(_ mosq: OpaquePointer?, _ subscription: ClientState.Subscription) {
        do {
            let properties = try MosquittoPropertyList(subscriptionIdentifier: subscription.identifier)
            var mid: Int32 = 0
            let rc = mosquitto_subscribe_v5(
                mosq, &mid, subscription.filter, Int32(subscription.qos.rawValue),
                subscription.options.mosquittoFlags, properties.raw)
            try Mosquitto.check(rc, "resubscribe", detail: subscription.filter)
            let early = state.withLock { state -> ClientState.AckResult? in
                if case .arrived(let result) = state.acks[mid] {
                    state.acks[mid] = nil
                    return result
                }
                state.acks[mid] = .resubscribe(filter: subscription.filter)
                return nil
            }
            if let early { didResubscribe(subscription.filter, early) }
        } catch {
            // The connection dropped again: the next CONNACK re-subscribes.
            logger.warning(
                "MQTT re-subscription not sent",
                metadata: ["mqtt.filter": "\(subscription.filter)", "mqtt.error": "\(error)"])
        }
    }

    private func didResubscribe(_ filter: String, _ result: ClientState.AckResult) {
        guard case .subscribed(let granted) = result, let code = granted.first, code >= 128 else {
            logger.debug("MQTT re-subscribed", metadata: ["mqtt.filter": "\(filter)"])
            return
        }
        let error = Mosquitto.reasonError(code, "resubscribe", detail: filter)
        logger.error("MQTT re-subscription refused", metadata: ["mqtt.filter": "\(filter)", "mqtt.error": "\(error)"])
        let consumers = state.withLock { $0.removeSubscription(filter: filter) }
        for consumer in consumers { consumer.finish(throwing: error) }
    }

    func didDisconnect(reasonCode: Int32) {
        if reasonCode == 0 { return }  // our own disconnect(): close() already settled everything
        let error = MQTTError(
            code: .connectionLost, operation: "connection", libraryError: Int(reasonCode),
            detail: String(cString: mosquitto_strerror(reasonCode)))
        let (failed, wasConnected) = state.withLock { state in
            let wasConnected = state.phase == .connected
            return (state.connectionLost(error), wasConnected)
        }
        if wasConnected {
            logger.warning("MQTT connection lost; reconnecting", metadata: ["mqtt.error": "\(error)"])
        } else {
            logger.debug("MQTT connection attempt failed", metadata: ["mqtt.error": "\(error)"])
        }
        for continuation in failed { continuation.resume(throwing: error) }
    }

    // MARK: Acknowledgements

    func didAcknowledge(_ mid: Int32, _ result: ClientState.AckResult) {
        switch state.withLock({ $0.ackArrived(mid, result) }) {
        case nil: break
        case .resume(let continuation, let result): continuation.resume(returning: result)
        case .resumeBatch(let continuation, let outcomes): continuation.resume(returning: outcomes)
        case .resubscribed(let filter, let result): didResubscribe(filter, result)
        }
    }

    // MARK: Messages

    func didReceive(_ message: MQTTMessage) {
        let consumers = state.withLock { state in
            state.consumers(for: message) { filter, topic in
                var matches = false
                mosquitto_topic_matches_sub(Self.unshared(filter), topic, &matches)
                return matches
            }
        }
        if consumers.isEmpty {
            logger.debug("MQTT message for no active subscription", metadata: ["mqtt.topic": "\(message.topic)"])
        }
        for consumer in consumers { consumer.yield(message) }
    }

    /// The topic filter inside a shared subscription (`$share/group/filter`), or the filter itself.
    static func unshared(_ filter: String) -> String {
        guard filter.hasPrefix("$share/") else { return filter }
        let parts = filter.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[2]) : filter
    }
}

extension ClientState.Phase: Equatable {}

extension ClientState {
    /// Delivers the first connection attempt's outcome to `connect()`: returns its continuation if
    /// it is parked (the caller resumes it), or keeps the outcome until it parks.
    mutating func finishConnecting(_ outcome: Result<Void, MQTTError>) -> CheckedContinuation<Void, any Error>? {
        if let waiter = connectWaiter {
            connectWaiter = nil
            return waiter
        }
        connectOutcome = outcome
        return nil
    }
}
