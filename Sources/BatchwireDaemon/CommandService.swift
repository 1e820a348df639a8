import BatchwireCommands
import BatchwireRuntime
import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle

/// The MQTT command handler as a service: subscribes once the broker is reachable and subscribes again
/// whenever the handler ends early (a broker outage at startup, a refused subscription), until shutdown.
struct CommandService: Service {
    let handler: MQTTCommandHandler
    let client: MQTTClient
    let logger: Logger

    func run() async throws {
        let handler = self.handler
        let client = self.client
        let logger = self.logger
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                while !client.isConnected && !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                }
                do {
                    try await handler.run()
                } catch {
                    logger.warning("MQTT commands unavailable; subscribing again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
