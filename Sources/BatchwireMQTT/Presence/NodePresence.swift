import Foundation
import Logging
import MosquittoClient

/// A node's online / offline state on `<prefix>/nodes/<node>` (QoS 1, retained), so monitors see
/// which nodes of a cluster are up:
///
/// 1. put ``will(at:)`` in the client's ``MQTTConfiguration/will`` before connecting: if the
///    connection ends without a DISCONNECT (crash, `kill -9`, network loss, keepalive expiry) the
///    broker publishes it, retained, and the topic says `offline` with reason `connection-lost`;
/// 2. run ``keepOnline(client:logger:)`` for the life of the client: it announces `online` after the
///    first connection and after every reconnect (a lost connection has fired the Will meanwhile);
/// 3. on shutdown cancel that task, ``announceOffline(client:at:)``, then disconnect.
///
/// The broker notices a dead process at once when the kernel closes its socket, and a silent network
/// loss after 1.5 × ``MQTTConfiguration/keepAliveSeconds``.
public struct NodePresence: Sendable, Hashable {
    /// The node's name.
    public var node: String
    /// `<prefix>/nodes/<node>`.
    public var topic: String
    /// The host name reported in every message.
    public var host: String
    /// The Batchwire version reported in every message.
    public var version: String
    /// When the process started.
    public var startedAt: Date

    /// A node's presence.
    ///
    /// - Parameters:
    ///   - topics: the topics under the configured prefix.
    ///   - node: the node's name (`BATCHWIRE_NODE_ID`).
    ///   - host: the host name (default: this machine's).
    ///   - version: the Batchwire version.
    ///   - startedAt: when the process started (default: now).
    public init(
        topics: MQTTTopics, node: String, host: String = ProcessInfo.processInfo.hostName,
        version: String = OpenLineageEventBuilder.defaultEngineVersion, startedAt: Date = Date()
    ) {
        self.node = node
        self.topic = topics.node(node)
        self.host = host
        self.version = version
        self.startedAt = startedAt
    }

    /// The message for `state`.
    ///
    /// - Parameters:
    ///   - state: online or offline.
    ///   - reason: why.
    ///   - since: when the state began.
    public func message(
        _ state: NodePresenceMessage.State, reason: NodePresenceMessage.Reason, since: Date
    ) -> NodePresenceMessage {
        NodePresenceMessage(
            node: node, state: state, reason: reason, since: since, host: host, version: version, startedAt: startedAt)
    }

    /// The Last Will for the client's configuration: `offline` with reason `connection-lost`, retained,
    /// QoS 1, JSON.
    ///
    /// - Parameter date: the `since` it carries, normally now (the Will is fixed when the client is
    ///   made, so the broker publishes it later with this time; see ``NodePresenceMessage/since``).
    public func will(at date: Date = Date()) -> MQTTWill {
        MQTTWill(
            topic: topic, payload: Self.payload(message(.offline, reason: .connectionLost, since: date)),
            qos: .atLeastOnce, retain: true, properties: Self.properties)
    }

    /// Publishes `online` (retained, QoS 1) and waits for the broker's acknowledgement.
    ///
    /// - Parameters:
    ///   - client: a client configured with ``will(at:)`` and connected.
    ///   - date: the `since` time (now by default).
    /// - Throws: ``MQTTError`` from the publish (e.g. `notAuthorized` when the ACL denies the topic).
    public func announceOnline(client: MQTTClient, at date: Date = Date()) async throws {
        try await publish(message(.online, reason: .connected, since: date), client: client)
    }

    /// Publishes `offline` with reason `shutdown` (retained, QoS 1) and waits for the acknowledgement.
    /// Call it before ``MQTTClient/disconnect()``, which sends no Will.
    ///
    /// - Parameters:
    ///   - client: the connected client.
    ///   - date: the `since` time (now by default).
    /// - Throws: ``MQTTError`` from the publish.
    public func announceOffline(client: MQTTClient, at date: Date = Date()) async throws {
        try await publish(message(.offline, reason: .shutdown, since: date), client: client)
    }

    /// Announces `online` now if `client` is connected, and again after every reconnect, until the
    /// task is cancelled or the client is closed. A failed announcement is logged (warning) and
    /// tried again at the next connection.
    ///
    /// - Parameters:
    ///   - client: a client configured with ``will(at:)``; connecting it is its owner's job.
    ///   - logger: where failures are logged.
    public func keepOnline(client: MQTTClient, logger: Logger) async {
        for await state in client.connectionStates() where state == .connected {
            do {
                try await announceOnline(client: client)
                logger.debug("announced the node online", metadata: ["mqtt.topic": "\(topic)"])
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "announcing the node online failed; trying again after the next reconnect",
                    metadata: ["mqtt.topic": "\(topic)", "error": "\(error)"])
            }
        }
    }

    private func publish(_ message: NodePresenceMessage, client: MQTTClient) async throws {
        try await client.publish(
            topic: topic, payload: Self.payload(message), qos: .atLeastOnce, retain: true, properties: Self.properties)
    }

    /// JSON, UTF-8.
    private static let properties = MQTTProperties(contentType: "application/json", payloadIsUTF8: true)

    private static func payload(_ message: NodePresenceMessage) -> [UInt8] {
        // Strings and instants only: encoding cannot fail.
        (try? Array(message.jsonData())) ?? []
    }
}
