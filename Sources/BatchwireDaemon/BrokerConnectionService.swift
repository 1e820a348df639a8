import Foundation
import Logging
import MQTTClient
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
            var delay = Duration.seconds(1)
            while !Task.isCancelled {
                do {
                    try await client.connect()
                    break
                } catch {
                    logger.warning(
                        "broker unreachable; events wait in the outbox. Retrying",
                        metadata: ["error": "\(error)", "retry-in": "\(delay)"])
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(30))
                }
            }
            for await state in client.connectionStates() {
                if state.isConnected { await onConnected(client) }
            }
        }
        await beforeDisconnect(client)
        await client.disconnect()
    }
}
