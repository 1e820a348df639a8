import Foundation
import Testing

@testable import MosquittoClient

/// The private Mosquitto that `scripts/services.sh start` (or `scripts/mosquitto.sh start`) runs,
/// read from the environment its env file exports.
enum MQTTTestBroker {
    struct MissingEnvironment: Error, CustomStringConvertible {
        let variable: String
        var description: String {
            "\(variable) is not set: run `scripts/services.sh start` and `source \"$(scripts/services.sh env)\"` "
                + "before the integration tests (or run scripts/test.sh, which does both)."
        }
    }

    enum Account { case batchwire, viewer }

    static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingEnvironment(variable: name)
        }
        return value
    }

    static func port() throws -> Int {
        guard let port = Int(try value("BATCHWIRE_TEST_MQTT_PORT")) else {
            throw MissingEnvironment(variable: "BATCHWIRE_TEST_MQTT_PORT (a number)")
        }
        return port
    }

    /// A configuration for one of the broker's test accounts, with a unique client id.
    static func configuration(
        _ account: Account = .batchwire, purpose: String, password: String? = nil, port: Int? = nil
    ) throws -> MQTTConfiguration {
        let user = try value(account == .batchwire ? "BATCHWIRE_TEST_MQTT_USER" : "BATCHWIRE_TEST_MQTT_VIEWER_USER")
        let secret = try value(
            account == .batchwire ? "BATCHWIRE_TEST_MQTT_PASSWORD" : "BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD")
        return MQTTConfiguration(
            host: try value("BATCHWIRE_TEST_MQTT_HOST"), port: try port ?? self.port(),
            clientID: "test-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: user, password: password ?? secret,
            keepAliveSeconds: 10, reconnectDelayMinimumSeconds: 1, reconnectDelayMaximumSeconds: 2,
            connectTimeout: .seconds(60))
    }

    /// A connected client for one of the test accounts.
    static func connect(_ account: Account = .batchwire, purpose: String) async throws -> MQTTClient {
        let client = try MQTTClient(configuration: configuration(account, purpose: purpose))
        try await client.connect()
        return client
    }

    /// A topic under `batchwire/` that no other test (or earlier run) uses.
    static func uniqueTopic(_ purpose: String) -> String {
        "batchwire/test/\(purpose)/\(UUID().uuidString.prefix(12))"
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing with ``TimedOut`` (and cancelling it) after `seconds`, so that no test hangs.
func withDeadline<T: Sendable>(
    _ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut(what: what) }
        return value
    }
}

/// Reads a subscription in the background and hands its messages out with deadlines, without
/// cancelling the subscription when a wait times out.
actor MessageInbox {
    private var messages: [MQTTMessage] = []
    private var failure: (any Error)?
    private var reader: Task<Void, Never>?

    init(_ subscription: MQTTSubscription) {
        Task { await self.start(subscription) }
    }

    private func start(_ subscription: MQTTSubscription) {
        reader = Task { [weak self] in
            do {
                for try await message in subscription { await self?.append(message) }
            } catch {
                await self?.fail(error)
            }
        }
    }

    private func append(_ message: MQTTMessage) { messages.append(message) }
    private func fail(_ error: any Error) { failure = error }

    /// The next message, or `TimedOut` after `seconds`.
    func next(within seconds: Double = 5, _ what: String = "an MQTT message") async throws -> MQTTMessage {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if !messages.isEmpty { return messages.removeFirst() }
            if let failure { throw failure }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TimedOut(what: what)
    }

    /// Every message that arrives within `seconds` (to check that something is NOT delivered).
    func drain(for seconds: Double) async throws -> [MQTTMessage] {
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        defer { messages.removeAll() }
        return messages
    }

    func stop() { reader?.cancel() }
}
