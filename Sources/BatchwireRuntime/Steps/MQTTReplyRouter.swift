import BatchwireMQTT
import Logging
import MosquittoClient
import Synchronization

/// Hands the answers to `mqtt` steps' requests to the steps waiting for them.
///
/// Every request of this node names one response topic, `<prefix>/replies/<node>`, and fresh correlation data.
/// The router subscribes to that topic once (the client subscribes again after each reconnect) and gives each
/// message to the waiter registered for its correlation data, once: an answer to unknown or already answered
/// correlation data (a late answer after a timeout, a second answer to a redelivered request) is ignored and
/// counted.
public final class MQTTReplyRouter: Sendable {
    /// The topic the answers come to.
    public let replyTopic: String
    let client: MQTTClient
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var waiters: [[UInt8]: AsyncStream<MQTTMessage>.Continuation] = [:]
        var subscribing: Task<Void, any Error>?
        var ignored = 0
    }

    /// A router for `client`; it subscribes on first use.
    ///
    /// - Parameters:
    ///   - client: the node's broker connection.
    ///   - topics: the topic prefix.
    ///   - nodeID: this node's name, one topic level of the response topic.
    ///   - logger: where ignored answers are noted (debug).
    public init(client: MQTTClient, topics: MQTTTopics, nodeID: String, logger: Logger) {
        self.client = client
        self.replyTopic = topics.stepReplies(node: nodeID)
        self.logger = logger
    }

    /// A router whose response topic is under `topicPrefix` (the configured `topic-prefix`; the default
    /// prefix if it is not a valid one, which configuration loading has refused already).
    convenience init(client: MQTTClient, topicPrefix: String, nodeID: String, logger: Logger) {
        self.init(client: client, topics: MQTTTopics(configuredPrefix: topicPrefix), nodeID: nodeID, logger: logger)
    }

    /// How many answers were ignored (unknown or already answered correlation data).
    public var ignoredReplyCount: Int { state.withLock { $0.ignored } }

    /// Subscribes to the response topic unless that is done.
    /// - Throws: ``MQTTError`` when the broker refuses the subscription or the client is not connected.
    func ensureSubscribed() async throws {
        let task = state.withLock { state -> Task<Void, any Error> in
            if let task = state.subscribing { return task }
            let task = Task { [self] in
                let subscription = try await client.subscribe(replyTopic, qos: .atLeastOnce)
                Task.detached { [self] in await route(subscription) }
            }
            state.subscribing = task
            return task
        }
        do {
            try await task.value
        } catch {
            state.withLock { state in
                if state.subscribing == task { state.subscribing = nil }
            }
            throw error
        }
    }

    /// Registers a waiter for `correlation`; its stream gets the answer and ends. Call ``forget(_:)`` when done.
    func expect(_ correlation: [UInt8]) -> AsyncStream<MQTTMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self)
        state.withLock { $0.waiters[correlation] = continuation }
        return stream
    }

    /// Drops the waiter for `correlation`: later answers to it are ignored.
    func forget(_ correlation: [UInt8]) {
        let continuation = state.withLock { $0.waiters.removeValue(forKey: correlation) }
        continuation?.finish()
    }

    private func route(_ subscription: MQTTSubscription) async {
        do {
            for try await message in subscription { deliver(message) }
        } catch {
            logger.warning("MQTT step replies: the subscription ended", metadata: ["batchwire.error": "\(error)"])
        }
        state.withLock { $0.subscribing = nil }
    }

    /// Gives `message` to its waiter, or counts it as ignored.
    func deliver(_ message: MQTTMessage) {
        let waiter = state.withLock { state -> AsyncStream<MQTTMessage>.Continuation? in
            guard let correlation = message.properties.correlationData,
                let waiter = state.waiters.removeValue(forKey: correlation)
            else {
                state.ignored += 1
                return nil
            }
            return waiter
        }
        guard let waiter else {
            logger.debug(
                "MQTT step reply ignored: no step waits for its correlation data",
                metadata: ["mqtt.topic": "\(message.topic)"])
            return
        }
        waiter.yield(message)
        waiter.finish()
    }
}
