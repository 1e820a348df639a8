import BatchwireTestBasics
import Foundation
import Testing

@testable import MosquittoClient

/// The private Mosquitto that `scripts/services.sh start` (or `scripts/mosquitto.sh start`) runs,
/// read from the environment its env file exports.
enum MQTTTestBroker {
    enum Account { case batchwire, viewer }

    static func port() throws -> Int {
        try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT")
    }

    /// A configuration for one of the broker's test accounts, with a unique client id.
    static func configuration(
        _ account: Account = .batchwire, purpose: String, password: String? = nil, port: Int? = nil
    ) throws -> MQTTConfiguration {
        let user = try TestEnvironment.value(
            account == .batchwire ? "BATCHWIRE_TEST_MQTT_USER" : "BATCHWIRE_TEST_MQTT_VIEWER_USER")
        let secret = try TestEnvironment.value(
            account == .batchwire ? "BATCHWIRE_TEST_MQTT_PASSWORD" : "BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD")
        return MQTTConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"), port: try port ?? self.port(),
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
