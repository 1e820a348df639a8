internal import CMosquitto
import Foundation

/// Owns one `struct mosquitto *`, configured for MQTT 5 with the callbacks wired to a ``ClientCore``.
///
/// `@unchecked Sendable` because the pointer is shared across threads, safely: every option is
/// set in `init`, before the handle is shared; once the loop thread runs, libmosquitto guards
/// publish, subscribe, unsubscribe and disconnect with its own mutexes (they are documented as
/// callable from any thread); `connect`/`loop_start`/`loop_stop` are called only by
/// ``MQTTClient`` under its connection phase (one at a time); and the pointer is destroyed only in
/// `deinit`, on a thread of ``MosquittoBlocking`` after the loop thread has been joined.
final class MosquittoHandle: @unchecked Sendable {
    let raw: OpaquePointer
    private let context: Unmanaged<ClientCore>

    /// Creates and configures the libmosquitto client.
    /// - Throws: ``MQTTError`` when an option is invalid (unreadable TLS files, a bad Will topic).
    init(configuration: MQTTConfiguration, core: ClientCore) throws(MQTTError) {
        Mosquitto.initialise()
        let context = Unmanaged.passRetained(core)
        guard let raw = mosquitto_new(configuration.clientID, configuration.cleanStart, context.toOpaque()) else {
            context.release()
            throw MQTTError(code: .invalidArgument, operation: "create",
                            detail: "libmosquitto refused the client id (empty with cleanStart false, or out of memory)")
        }
        self.raw = raw
        self.context = context
        // From here on, deinit cleans up if configuration fails.
        try configure(configuration, logLibrary: core.logger.logLevel <= .trace)
    }

    private func configure(_ configuration: MQTTConfiguration, logLibrary: Bool) throws(MQTTError) {
        try Mosquitto.check(
            mosquitto_int_option(raw, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V5)), "configure")
        try Mosquitto.check(mosquitto_int_option(raw, MOSQ_OPT_TCP_NODELAY, 1), "configure")
        try Mosquitto.check(
            mosquitto_int_option(raw, MOSQ_OPT_SEND_MAXIMUM, Int32(max(1, configuration.sendMaximum))), "configure",
            detail: "send maximum")
        if configuration.username != nil || configuration.password != nil {
            try Mosquitto.check(
                mosquitto_username_pw_set(raw, configuration.username, configuration.password), "configure",
                detail: "credentials")
        }
        if let tls = configuration.tls {
            try Mosquitto.check(
                mosquitto_tls_set(raw, tls.caFile, tls.caDirectory, tls.certificateFile, tls.keyFile, nil), "configure",
                detail: "TLS files (CA, certificate, key)")
            if tls.insecureSkipHostnameVerification {
                try Mosquitto.check(mosquitto_tls_insecure_set(raw, true), "configure", detail: "TLS insecure")
            }
        }
        if let will = configuration.will {
            let properties = try MosquittoPropertyList(will.properties)
            let rc = will.payload.withUnsafeBytes { payload in
                mosquitto_will_set_v5(
                    raw, will.topic, Int32(payload.count), payload.baseAddress, Int32(will.qos.rawValue), will.retain,
                    properties.raw)
            }
            try Mosquitto.check(rc, "configure", detail: "Last Will on \(will.topic)")
            _ = properties.take()  // libmosquitto owns the list now
        }
        let minimum = max(1, configuration.reconnectDelayMinimumSeconds)
        try Mosquitto.check(
            mosquitto_reconnect_delay_set(
                raw, minimum, max(minimum, configuration.reconnectDelayMaximumSeconds), true),
            "configure", detail: "reconnect delay")

        mosquitto_connect_v5_callback_set(raw) { mosq, context, reasonCode, flags, _ in
            ClientCore.from(context).didConnect(mosq, reasonCode: reasonCode, flags: flags)
        }
        mosquitto_disconnect_v5_callback_set(raw) { _, context, reasonCode, _ in
            ClientCore.from(context).didDisconnect(reasonCode: reasonCode)
        }
        mosquitto_publish_v5_callback_set(raw) { _, context, mid, reasonCode, _ in
            ClientCore.from(context).didAcknowledge(mid, .published(reasonCode: reasonCode))
        }
        mosquitto_subscribe_v5_callback_set(raw) { _, context, mid, count, granted, _ in
            let codes = granted.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
            ClientCore.from(context).didAcknowledge(mid, .subscribed(grantedQoS: codes))
        }
        mosquitto_unsubscribe_v5_callback_set(raw) { _, context, mid, _ in
            ClientCore.from(context).didAcknowledge(mid, .unsubscribed)
        }
        mosquitto_message_v5_callback_set(raw) { _, context, message, properties in
            guard let message = message?.pointee else { return }
            let (copied, identifiers) = MQTTProperties.copying(properties)
            let payload =
                message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(message.payloadlen))) } ?? []
            ClientCore.from(context).didReceive(
                MQTTMessage(
                    topic: message.topic.map { String(cString: $0) } ?? "", payload: payload,
                    qos: MQTTQoS(rawValue: Int(message.qos)) ?? .atMostOnce, retain: message.retain,
                    properties: copied, subscriptionIdentifiers: identifiers))
        }
        if logLibrary {
            mosquitto_log_callback_set(raw) { _, context, level, text in
                guard let text else { return }
                ClientCore.from(context).logger.trace(
                    "libmosquitto", metadata: ["mqtt.library_log": "\(String(cString: text))", "mqtt.level": "\(level)"])
            }
        }
    }

    deinit {
        // Joining the loop thread may take a moment, and this deinit may even run on that thread
        // (when a callback drops the last reference): so stop and destroy on a blocking-pool thread.
        let doomed = Doomed(raw: raw, context: context)
        Task { await MosquittoBlocking.run { doomed.destroy() } }
    }

    /// What deinit hands to the clean-up thread.
    private struct Doomed: @unchecked Sendable {
        // @unchecked Sendable: moved to exactly one thread, which is then its only user.
        let raw: OpaquePointer
        let context: Unmanaged<ClientCore>

        func destroy() {
            mosquitto_disconnect_v5(raw, 0, nil)
            mosquitto_loop_stop(raw, false)
            mosquitto_destroy(raw)
            // The client was dropped without disconnect(): end what still waits on it.
            let core = context.takeUnretainedValue()
            if let closed = core.state.withLock({ $0.phase == .closed ? nil : $0.close() }) {
                core.settleClosed(closed)
            }
            context.release()
        }
    }
}
