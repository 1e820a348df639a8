import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle

/// Keeps the broker connection: connects (retrying with backoff while the broker is down: events wait
/// in the outbox meanwhile), runs `onConnected` after every (re)connect, and disconnects last on shutdown
/// after `beforeDisconnect`.
struct BrokerConnectionService: Service {
    let client: MQTTClient
    let logger: Logger
    let onConnected: @Sendable (MQTTClient) async -> Void
    let beforeDisconnect: @Sendable (MQTTClient) async -> Void

    func run() async throws {
        let client = self.client
        let logger = self.logger
        let onConnected = self.onConnected
        await cancelWhenGracefulShutdown {
            await Self.connect(client, logger: logger, unreachable: "broker unreachable; events wait in the outbox. Retrying")
            for await state in client.connectionStates() {
                if state.isConnected { await onConnected(client) }
            }
        }
        await beforeDisconnect(client)
        await client.disconnect()
    }

    /// Connects `client`, retrying with a doubling delay (1 s to 30 s) while the broker cannot be reached,
    /// until connected or cancelled.
    /// - Returns: whether the client connected.
    @discardableResult
    static func connect(_ client: MQTTClient, logger: Logger, unreachable message: Logger.Message) async -> Bool {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                try await client.connect()
                return true
            } catch {
                logger.warning(message, metadata: ["error": "\(error)", "retry-in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
        return false
    }
}
