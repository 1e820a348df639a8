import BatchwireCore
import BatchwireTestSupport
import Foundation
import MosquittoClient
import Synchronization

/// A test client on the test broker that records what the nodes publish: every job status event of
/// `<prefix>/events/<job>`, and the retained presence messages of `<prefix>/nodes/+`.
final class BrokerWatcher: Sendable {
    private let client: MQTTClient
    private let statuses = Mutex<[Int64: Set<BatchStatus>]>([:])
    private let eventTask: Mutex<Task<Void, Never>?> = Mutex(nil)

    private init(client: MQTTClient) {
        self.client = client
    }

    /// Runs `body` with a watcher connected as the test broker's `batchwire` account, and disconnects it.
    static func with<T>(_ body: (BrokerWatcher) async throws -> T) async throws -> T {
        let watcher = try await connect()
        do {
            let result = try await body(watcher)
            await watcher.close()
            return result
        } catch {
            await watcher.close()
            throw error
        }
    }

    private static func connect() async throws -> BrokerWatcher {
        let configuration = MQTTConfiguration(
            host: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_HOST"),
            port: try TestEnvironment.int("BATCHWIRE_TEST_MQTT_PORT"),
            clientID: "serve-test-watcher-\(UUID().uuidString.prefix(8))",
            username: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_USER"),
            password: try TestEnvironment.value("BATCHWIRE_TEST_MQTT_PASSWORD"),
            connectTimeout: .seconds(20))
        let client = try MQTTClient(configuration: configuration)
        try await client.connect()
        return BrokerWatcher(client: client)
    }

    /// Starts recording the job status events published on `topic`.
    func recordStatusEvents(on topic: String) async throws {
        let subscription = try await client.subscribe(topic)
        let task = Task { [self] in
            do {
                for try await message in subscription {
                    guard case .jobStatusChanged(let event)? = try? BatchwireEvent(jsonData: Data(message.payload))
                    else {
                        continue
                    }
                    statuses.withLock { _ = $0[event.jobExecutionId, default: []].insert(event.status) }
                }
            } catch {
                // The subscription ends with the client.
            }
        }
        eventTask.withLock { $0 = task }
    }

    /// The statuses received so far for an execution.
    func statuses(of executionID: Int64) -> Set<BatchStatus> {
        statuses.withLock { $0[executionID] ?? [] }
    }

    /// The retained presence message of every node under `prefix`, as JSON objects by node: waits until
    /// `count` nodes have one (or `seconds` pass).
    func presence(prefix: String, count: Int, within seconds: Double = 30) async throws -> [String: [String: Any]] {
        let subscription = try await client.subscribe("\(prefix)/nodes/+")
        let collected = PayloadsByNode()
        let reader = Task {
            for try await message in subscription where message.retain {
                let node = String(message.topic.split(separator: "/").last ?? "")
                collected.payloads.withLock { $0[node] = message.payloadString }
            }
        }
        defer { reader.cancel() }
        try await eventually("\(count) retained presence messages", within: seconds, every: .milliseconds(100)) {
            collected.payloads.withLock { $0.count } >= count
        }
        return collected.payloads.withLock { $0 }.compactMapValues { text in
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        }
    }

    private func close() async {
        eventTask.withLock { $0?.cancel() }
        await client.disconnect()
    }
}

/// Payloads by node name, filled by a reading task.
private final class PayloadsByNode: Sendable {
    let payloads = Mutex<[String: String]>([:])
}
