import Foundation
import MosquittoClient

/// A broker the test starts and stops itself (`scripts/mosquitto.sh start --dir <tmp> --port <port>`).
package struct PrivateBroker: Sendable {
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package struct ScriptFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        package init(arguments: [String], status: Int32, output: String) {
            self.arguments = arguments
            self.status = status
            self.output = output
        }

        package var description: String {
            "scripts/mosquitto.sh \(arguments.joined(separator: " ")) exited \(status): \(output)"
        }
    }

    package let directory: URL
    package let port: Int
    /// Whether sessions and their queued messages survive a stop and start (`--persistent`).
    package let persistent: Bool

    /// A broker in a fresh temporary folder on a random port of `ports`.
    package init(persistent: Bool = false, ports: Range<Int> = 19_000..<19_900) {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("batchwire-relay-broker-\(UUID().uuidString.prefix(8))")
        port = Int.random(in: ports)
        self.persistent = persistent
    }

    private var arguments: [String] {
        ["--dir", directory.path, "--port", "\(port)"] + (persistent ? ["--persistent"] : [])
    }

    package func start() async throws { try await Self.script(["start"] + arguments) }
    package func stop() async throws { try await Self.script(["stop"] + arguments) }

    /// A configuration for this broker's `batchwire` account. With `keepingSession` the broker keeps the
    /// client's subscriptions and queues its messages while it is away (across a restart of a persistent broker).
    package func configuration(
        purpose: String, reconnectDelaySeconds: UInt32, keepingSession: Bool = false
    ) throws -> MQTTConfiguration {
        let account = try credentials()
        return MQTTConfiguration(
            host: "127.0.0.1",
            port: port,
            clientID: "test-relay-\(purpose)-\(UUID().uuidString.prefix(8))",
            username: account.user,
            password: account.password,
            keepAliveSeconds: 5,
            cleanStart: !keepingSession,
            sessionExpiryInterval: keepingSession ? 600 : 0,
            reconnectDelayMinimumSeconds: reconnectDelaySeconds,
            reconnectDelayMaximumSeconds: reconnectDelaySeconds,
            // A loaded CI machine running every suite at once can take seconds to accept a connection.
            connectTimeout: .seconds(120)
        )
    }

    /// Runs scripts/mosquitto.sh without blocking a cooperative thread.
    @discardableResult
    package static func script(_ arguments: [String]) async throws -> String {
        let result = try await runProcess(repositoryRoot.appendingPathComponent("scripts/mosquitto.sh"), arguments)
        guard result.status == 0 else {
            throw ScriptFailed(arguments: arguments, status: result.status, output: result.text)
        }
        return result.text
    }

    /// The `batchwire` account's user name and password on this broker (from its env file).
    package func credentials() throws -> (user: String, password: String) {
        let text = try String(contentsOf: directory.appendingPathComponent("env.sh"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        return (values["BATCHWIRE_TEST_MQTT_USER"] ?? "", values["BATCHWIRE_TEST_MQTT_PASSWORD"] ?? "")
    }
}
