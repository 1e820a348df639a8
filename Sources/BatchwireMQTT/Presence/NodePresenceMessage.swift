import BatchwireCore
import Foundation

/// The retained JSON on `<prefix>/nodes/<node>`: whether a node is online, since when, and what it is.
///
/// ```json
/// {"host":"worker-3","node":"worker-3","reason":"started","schemaVersion":1,
///  "since":"2026-01-15T02:30:00.000Z","startedAt":"2026-01-15T02:30:00.000Z","state":"online","version":"0.1.0"}
/// ```
///
/// Times are ISO-8601 instants in UTC with milliseconds, as in events. See `docs/listeners.md`.
public struct NodePresenceMessage: Sendable, Hashable, Codable {
    /// Online or offline.
    public enum State: String, Sendable, Hashable, CaseIterable, Codable {
        /// The node is connected to the broker and running.
        case online
        /// The node shut down, or its connection was lost (the Last Will).
        case offline
    }

    /// Why the node is in this state.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// Online: announced after a connection (the first or a reconnect).
        case connected
        /// Offline: announced by the node as it shut down.
        case shutdown
        /// Offline: the broker published the node's Last Will because its connection ended without a
        /// DISCONNECT (crash, kill, network loss, keepalive expiry).
        case connectionLost = "connection-lost"
    }

    /// The version of this format (the `schemaVersion` field).
    public static let schemaVersion = 1

    /// The node's name (`BATCHWIRE_NODE_ID`).
    public var node: String
    /// Online or offline.
    public var state: State
    /// Why.
    public var reason: Reason
    /// When this state began, as the node knew it. In a Last Will it is when the Will was registered
    /// (the connection's start): the broker cannot stamp the moment the connection was lost, so a
    /// monitor takes the time it received the Will.
    public var since: Date
    /// The host the node runs on.
    public var host: String
    /// The Batchwire version.
    public var version: String
    /// When the node's process started.
    public var startedAt: Date

    /// A message; times are rounded to the millisecond.
    ///
    /// - Parameters:
    ///   - node: the node's name.
    ///   - state: online or offline.
    ///   - reason: why.
    ///   - since: when the state began.
    ///   - host: the host name.
    ///   - version: the Batchwire version.
    ///   - startedAt: when the process started.
    public init(
        node: String, state: State, reason: Reason, since: Date, host: String, version: String, startedAt: Date
    ) {
        self.node = node
        self.state = state
        self.reason = reason
        self.since = EventTimestamp.normalized(since)
        self.host = host
        self.version = version
        self.startedAt = EventTimestamp.normalized(startedAt)
    }

    /// The payload: UTF-8 JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a payload.
    ///
    /// - Throws: `DecodingError` naming the bad field: not JSON, a missing field, an unknown state or
    ///   reason, a time that is not an ISO-8601 instant, or a newer `schemaVersion`.
    public init(jsonData data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        guard schemaVersion >= 1, schemaVersion <= Self.schemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: container,
                debugDescription: "node presence schemaVersion \(schemaVersion) is not supported (this build reads 1..."
                    + "\(Self.schemaVersion)); upgrade Batchwire to read it")
        }
        node = try container.decode(String.self, forKey: .node)
        state = try container.decode(State.self, forKey: .state)
        reason = try container.decode(Reason.self, forKey: .reason)
        since = try Self.decodeTime(container, .since)
        host = try container.decode(String.self, forKey: .host)
        version = try container.decode(String.self, forKey: .version)
        startedAt = try Self.decodeTime(container, .startedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(node, forKey: .node)
        try container.encode(state, forKey: .state)
        try container.encode(reason, forKey: .reason)
        try container.encode(EventTimestamp.format(since), forKey: .since)
        try container.encode(host, forKey: .host)
        try container.encode(version, forKey: .version)
        try container.encode(EventTimestamp.format(startedAt), forKey: .startedAt)
    }

    private static func decodeTime(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = EventTimestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "'\(text)' is not an ISO-8601 instant; expected e.g. 2026-01-15T02:30:00.000Z")
        }
        return date
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, node, state, reason, since, host, version, startedAt
    }
}
