internal import CMosquitto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension MQTTClient {
    /// Publishes a message.
    ///
    /// - QoS 0 returns once libmosquitto queued the packet; it fails with `notConnected` while the
    ///   connection is down.
    /// - QoS 1 and 2 return once the broker acknowledged (PUBACK, or PUBCOMP for QoS 2). While the
    ///   connection is down the message waits in libmosquitto's queue and is sent after the
    ///   reconnect, and this call keeps waiting: wrap it in a timeout or cancel the task if that is
    ///   not wanted (a cancelled publish may still be delivered). A PUBACK saying "no matching
    ///   subscribers" (reason 16) is success.
    ///
    /// Many publishes may be in flight at once from concurrent tasks; that is far faster than
    /// awaiting each in turn.
    /// - Parameters:
    ///   - topic: the topic, without wildcards.
    ///   - payload: the bytes to send.
    ///   - qos: the quality of service (default at least once).
    ///   - retain: whether the broker keeps this as the topic's retained message.
    ///   - properties: MQTT 5 properties (response topic, correlation data, expiry, user properties).
    /// - Throws: ``MQTTError``: `notAuthorized` when the ACL denies the topic, `publishRejected` for
    ///   other refusals, `invalidArgument` for a bad topic or oversize payload, `notConnected` (QoS 0
    ///   while disconnected, or before `connect()`), `closed` after `disconnect()`.
    ///   `CancellationError` if the task is cancelled while waiting.
    public func publish(
        topic: String,
        payload: [UInt8],
        qos: MQTTQoS = .atLeastOnce,
        retain: Bool = false,
        properties: MQTTProperties = .none
    ) async throws {
        switch connectionState {
        case .idle, .connecting: throw MQTTError(code: .notConnected, operation: "publish", detail: topic)
        case .closed: throw MQTTError(code: .closed, operation: "publish", detail: topic)
        case .connected, .reconnecting: break
        }
        guard payload.count <= 268_435_455 else {
            throw MQTTError(code: .invalidArgument, operation: "publish", detail: "payload larger than 256 MiB")
        }
        var mid: Int32 = 0
        let list = try MosquittoPropertyList(properties)
        let rc = payload.withUnsafeBytes { bytes in
            mosquitto_publish_v5(
                handle.raw, &mid, topic, Int32(bytes.count), bytes.baseAddress, Int32(qos.rawValue), retain, list.raw)
        }
        if qos == .atMostOnce {
            // libmosquitto still reports the written packet through the publish callback: drop that.
            if rc == Mosquitto.success { core.state.withLock { $0.claimDiscarding(mid, clearOnDisconnect: true) } }
            try Mosquitto.check(rc, "publish", detail: topic)
            return
        }
        // QoS >= 1 while the socket is down: libmosquitto keeps the message queued and sends it after
        // the reconnect, so wait for that acknowledgement like any other.
        let queued = rc == Mosquitto.success || rc == Int32(MOSQ_ERR_NO_CONN.rawValue)
        guard queued else { throw Mosquitto.error(rc, "publish", detail: topic) }
        let result = try await core.awaitAcknowledgement(mid, .publish)
        guard case .published(let reasonCode) = result else {
            throw MQTTError(code: .protocolError, operation: "publish", detail: "unexpected acknowledgement")
        }
        if reasonCode >= 128 { throw Mosquitto.reasonError(reasonCode, "publish", detail: topic) }
    }

    /// Publishes a message whose payload is `Data` (e.g. from `JSONEncoder`).
    /// See ``publish(topic:payload:qos:retain:properties:)-([UInt8],_,_,_)``.
    public func publish(
        topic: String,
        payload: Data,
        qos: MQTTQoS = .atLeastOnce,
        retain: Bool = false,
        properties: MQTTProperties = .none
    ) async throws {
        try await publish(topic: topic, payload: [UInt8](payload), qos: qos, retain: retain, properties: properties)
    }

    /// Publishes a UTF-8 text payload (and marks it as UTF-8 with the payload format indicator).
    /// See ``publish(topic:payload:qos:retain:properties:)-([UInt8],_,_,_)``.
    public func publish(
        topic: String,
        text: String,
        qos: MQTTQoS = .atLeastOnce,
        retain: Bool = false,
        properties: MQTTProperties = .none
    ) async throws {
        var properties = properties
        properties.payloadIsUTF8 = true
        try await publish(topic: topic, payload: Array(text.utf8), qos: qos, retain: retain, properties: properties)
    }
}

extension ClientCore {
    /// Waits for the broker's acknowledgement of message id `mid`, which may already have arrived.
    func awaitAcknowledgement(_ mid: Int32, _ kind: ClientState.AckKind) async throws -> ClientState.AckResult {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: ClientState.AckContinuation) in
                if let immediate = state.withLock({ $0.claim(mid, kind: kind, continuation: continuation) }) {
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            state.withLock { $0.abandon(mid) }?.resume(throwing: CancellationError())
        }
    }
}
