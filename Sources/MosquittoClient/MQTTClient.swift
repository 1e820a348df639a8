internal import CMosquitto
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An MQTT 5 client over libmosquitto, async on the outside.
///
/// libmosquitto runs the network on its own loop thread (`mosquitto_loop_start`); its callbacks
/// resume the continuations of `publish`, `subscribe` and `unsubscribe` and feed the subscriptions'
/// async sequences. Blocking calls (the TCP connect, joining the loop thread) run on threads of
/// their own, never on Swift's cooperative pool.
///
/// ```swift
/// let client = try MQTTClient(configuration: .init(host: "127.0.0.1", port: 18883, clientID: "node-1",
///                                                  username: "batchwire", password: secret), logger: logger)
/// try await client.connect()
/// let commands = try await client.subscribe("$share/nodes/batchwire/commands/+")
/// try await client.publish(topic: "batchwire/events/nightly", payload: json, qos: .atLeastOnce)
/// for try await message in commands { … }
/// ```
///
/// After a lost connection the client reconnects by itself with exponential backoff
/// (``MQTTConfiguration/reconnectDelayMinimumSeconds`` to ``MQTTConfiguration/reconnectDelayMaximumSeconds``)
/// and sends every active subscription again. QoS 1 and 2 publishes made while disconnected are
/// queued and sent after the reconnect; their `publish` calls wait for the broker's acknowledgement.
public final class MQTTClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: MQTTConfiguration
    let core: ClientCore
    let handle: MosquittoHandle

    /// Creates a client; it does not connect yet.
    /// - Parameters:
    ///   - configuration: the broker, credentials, TLS, Will and reconnect settings.
    ///   - logger: where the client logs connection changes; libmosquitto's own log at `trace`.
    ///     The default discards everything.
    /// - Throws: ``MQTTError`` with code `invalidArgument` or `tls` when the configuration cannot be
    ///   applied (an empty client id, unreadable TLS files, an invalid Will topic).
    public init(
        configuration: MQTTConfiguration,
        logger: Logger = Logger(label: "batchwire.mqtt", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        var logger = logger
        logger[metadataKey: "mqtt.client_id"] = "\(configuration.clientID)"
        self.configuration = configuration
        self.core = ClientCore(logger: logger)
        self.handle = try MosquittoHandle(configuration: configuration, core: core)
    }

    /// The current connection state.
    public var connectionState: MQTTConnectionState {
        core.state.withLock { $0.publicState }
    }

    /// Whether the client is connected right now.
    public var isConnected: Bool { connectionState.isConnected }

    /// The connection state now, then every change, until the client is closed. Use it to publish a
    /// node's online status after each (re)connect.
    public func connectionStates() -> AsyncStream<MQTTConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: MQTTConnectionState.self, bufferingPolicy: .bufferingNewest(32))
        let id = core.state.withLock { state -> UInt64? in
            continuation.yield(state.publicState)
            if state.phase == .closed { return nil }
            return state.addObserver(continuation)
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak core] _ in
            _ = core?.state.withLock { $0.observers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Connects to the broker and starts the loop thread. Returns once the broker accepted the
    /// connection. If the broker cannot be reached yet, keeps trying (with the reconnect backoff)
    /// until ``MQTTConfiguration/connectTimeout``.
    ///
    /// Call it once. After a failure it may be called again; after ``disconnect()`` it may not.
    /// - Throws: ``MQTTError``: `badCredentials` or `notAuthorized` when the broker refuses the
    ///   user, `connectionRefused` for other refusals, `timeout` when no connection succeeded in
    ///   time, `unreachable` when the host name cannot be resolved, `tls` for TLS failures,
    ///   `closed` after `disconnect()`. `CancellationError` if the task is cancelled.
    public func connect() async throws {
        try core.state.withLock { state throws(MQTTError) in
            switch state.phase {
            case .idle: break
            case .closed: throw MQTTError(code: .closed, operation: "connect")
            case .connecting, .connected, .reconnecting:
                throw MQTTError(code: .invalidArgument, operation: "connect", detail: "connect() was already called")
            }
            state.connectOutcome = nil
            state.lastConnectionError = nil
            state.setPhase(.connecting)
        }
        let configuration = configuration
        let handle = handle
        let core = core
        let startError = await MosquittoBlocking.run { () -> MQTTError? in
            let target = "\(configuration.host):\(configuration.port)"
            do throws(MQTTError) {
                let properties = try MosquittoPropertyList(sessionExpiryInterval: configuration.sessionExpiryInterval)
                let rc = mosquitto_connect_bind_v5(
                    handle.raw, configuration.host, Int32(configuration.port), Int32(configuration.keepAliveSeconds),
                    nil, properties.raw)
                if rc == Int32(MOSQ_ERR_ERRNO.rawValue) {
                    // No broker listening yet, or the network is down: the loop thread retries.
                    let error = Mosquitto.error(rc, "connect", detail: target)
                    core.state.withLock { $0.lastConnectionError = error }
                    core.logger.warning("MQTT broker not reachable yet; retrying", metadata: ["mqtt.error": "\(error)"])
                } else {
                    try Mosquitto.check(rc, "connect", detail: target)
                }
                try Mosquitto.check(mosquitto_loop_start(handle.raw), "connect", detail: "starting the loop thread")
                return nil
            } catch {
                return error
            }
        }
        if let startError {
            await stopLoopAfterFailedConnect()
            throw startError
        }
        do {
            try await awaitFirstConnack()
        } catch {
            await stopLoopAfterFailedConnect()
            throw error
        }
    }

    private func awaitFirstConnack() async throws {
        let timeout = configuration.connectTimeout
        let target = "\(configuration.host):\(configuration.port)"
        let core = core
        let timer = Task {
            try await Task.sleep(for: timeout)
            core.failConnecting { last in
                MQTTError(
                    code: .timeout, operation: "connect",
                    detail: "no connection to \(target) within \(timeout)" + (last.map { "; last error: \($0)" } ?? ""))
            }
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate = core.state.withLock { state -> Result<Void, any Error>? in
                    if let outcome = state.connectOutcome {
                        state.connectOutcome = nil
                        return outcome.mapError { $0 }
                    }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.connectWaiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            core.failConnecting { _ in CancellationError() }
        }
    }

    private func stopLoopAfterFailedConnect() async {
        let handle = handle
        await MosquittoBlocking.run {
            mosquitto_disconnect_v5(handle.raw, 0, nil)
            mosquitto_loop_stop(handle.raw, false)
        }
        core.state.withLock { state in
            if state.phase != .closed { state.setPhase(.idle) }
            state.connectOutcome = nil
        }
    }

    /// Sends DISCONNECT (so the broker does not publish the Will), stops the loop thread and ends
    /// every subscription sequence and state stream. Publishes still waiting for their
    /// acknowledgement fail with `closed`: await them before disconnecting. Final.
    public func disconnect() async {
        let closed = core.state.withLock { state in
            state.phase == .closed ? nil : state.close()
        }
        guard let closed else { return }
        let handle = handle
        await MosquittoBlocking.run {
            mosquitto_disconnect_v5(handle.raw, 0, nil)
            mosquitto_loop_stop(handle.raw, false)
        }
        core.settleClosed(closed)
        core.logger.info("MQTT disconnected")
    }
}

extension ClientCore {
    /// After ``ClientState/close()``: fails what waits, ends every sequence. Outside the lock.
    func settleClosed(_ closed: ClientState.Closed) {
        let error = MQTTError(code: .closed, operation: "disconnect")
        closed.connectWaiter?.resume(throwing: error)
        for continuation in closed.acks { continuation.resume(throwing: error) }
        for (continuation, outcomes) in closed.batches {
            continuation.resume(
                returning: outcomes.map { outcome in
                    if case .pending = outcome { return .settled(error) }
                    return outcome
                })
        }
        for consumer in closed.consumers { consumer.finish() }
        for observer in closed.observers { observer.finish() }
    }

    /// Fails a parked (or about to park) `connect()` if the first connection is still pending.
    func failConnecting(_ makeError: (MQTTError?) -> any Error) {
        let waiter = state.withLock { state -> (CheckedContinuation<Void, any Error>, any Error)? in
            guard state.phase == .connecting, state.connectOutcome == nil || state.connectWaiter != nil else {
                return nil
            }
            let error = makeError(state.lastConnectionError)
            if let waiter = state.connectWaiter {
                state.connectWaiter = nil
                return (waiter, error)
            }
            if let error = error as? MQTTError { state.connectOutcome = .failure(error) }
            return nil
        }
        if let (continuation, error) = waiter { continuation.resume(throwing: error) }
    }
}

extension MQTTClient {
    /// Test hook: shuts the TCP socket down under libmosquitto without sending DISCONNECT, as a
    /// network failure would. The broker then publishes the Will and the client reconnects.
    func dropConnectionForTesting() {
        let socket = mosquitto_socket(handle.raw)
        if socket >= 0 { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }
}
