import Foundation
import Hummingbird
import Logging
import MosquittoClient
import NIOCore

/// The other ends of the `http` and `mqtt` steps, in the benchmark's own process so that their CPU time is not
/// counted as serve's: an HTTP server answering `GET /hook` with 204, and an MQTT responder that answers every
/// request on its topic with `{"exitCode": 0}` on the request's response topic and correlation data.
final class BenchResponders: Sendable {
    let httpPort: Int
    let requestTopic: String
    private let httpTask: Task<Void, any Error>
    private let mqttTask: Task<Void, any Error>
    private let responder: MQTTClient

    var hookURL: String { "http://127.0.0.1:\(httpPort)/hook" }

    private init(
        httpPort: Int, requestTopic: String, httpTask: Task<Void, any Error>, mqttTask: Task<Void, any Error>,
        responder: MQTTClient
    ) {
        self.httpPort = httpPort
        self.requestTopic = requestTopic
        self.httpTask = httpTask
        self.mqttTask = mqttTask
        self.responder = responder
    }

    static func start(broker: MQTTConfiguration, requestTopic: String) async throws -> BenchResponders {
        let router = Router()
        router.get("/hook") { _, _ -> HTTPResponse.Status in .noContent }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "bench-http") { _ in SwiftLogNoOpLogHandler() })
        let httpTask = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }

        let responder = try MQTTClient(configuration: broker)
        try await responder.connect()
        let requests = try await responder.subscribe(requestTopic, qos: .atLeastOnce)
        let mqttTask = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for try await request in requests {
                    guard let topic = request.properties.responseTopic else { continue }
                    let correlation = request.properties.correlationData
                    // Answers are pipelined: each in a task of its own.
                    group.addTask {
                        try await responder.publish(
                            topic: topic, text: #"{"exitCode": 0}"#, qos: .atLeastOnce,
                            properties: MQTTProperties(correlationData: correlation))
                    }
                }
            }
        }
        return BenchResponders(
            httpPort: port, requestTopic: requestTopic, httpTask: httpTask, mqttTask: mqttTask, responder: responder)
    }

    func stop() async {
        mqttTask.cancel()
        _ = await mqttTask.result
        await responder.disconnect()
        httpTask.cancel()
        _ = await httpTask.result
    }
}
