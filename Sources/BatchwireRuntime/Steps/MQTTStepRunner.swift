import BatchwireCore
import Foundation
import Logging
import MosquittoClient

/// Runs `mqtt` steps in process, through the node's broker connection: one message per attempt.
///
/// Without `reply`, the attempt completes once the broker acknowledged the message (QoS 1 and 2) or it was
/// written (QoS 0). With `reply`, the message carries the MQTT 5 response topic `<prefix>/replies/<node>` and
/// fresh correlation data, and the attempt waits up to the reply timeout for the answer
/// (``MQTTReplyRouter``); no answer in time FAILS the attempt. The answer is read like an `http` step's body
/// (``StepReply``): its first 2,500 characters go to the exit description and the log, and a JSON object's
/// `exitCode` and `context` members set the step's exit code and context. A stop ends the wait (STOPPED).
/// Failed attempts are retried per `retries`, each with new correlation data.
///
/// A node without a broker fails the step with a message saying so.
public struct MQTTStepRunner: Sendable {
    let client: MQTTClient?
    let router: MQTTReplyRouter?
    let retryBackoff: RetryBackoff
    let clock: any Clock<Duration>
    let logger: Logger

    /// A runner.
    ///
    /// - Parameters:
    ///   - router: the node's reply router (it holds the broker connection); `nil` on a node without a broker.
    ///   - retryBackoff: the waits between retries.
    ///   - clock: what timeouts and retry waits are measured on.
    ///   - logger: where each answer is logged.
    public init(
        router: MQTTReplyRouter?, retryBackoff: RetryBackoff = RetryBackoff(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.client = router?.client
        self.router = router
        self.retryBackoff = retryBackoff
        self.clock = clock
        self.logger = logger
    }

    /// Runs the step until it completes, fails for good or is stopped. Never throws.
    ///
    /// - Parameters:
    ///   - invocation: the step (``StepDefinition/mqtt`` set), its placeholder values and previous context.
    ///   - stopSignal: raise it to stop the step; cancelling the calling task does the same.
    /// - Returns: the attempts and the context to save.
    public func run(_ invocation: InProcessStepInvocation, stopSignal: StepStopSignal = StepStopSignal()) async
        -> StepRunResult
    {
        await InProcessAttempts.runStep(
            invocation, stopSignal: stopSignal, backoff: retryBackoff, clock: clock, logger: logger
        ) { number, context, logger in
            await attempt(invocation, number: number, context: context, stopSignal: stopSignal, logger: logger)
        }
    }

    /// How publishing (and waiting) ended, before the timeout and stop are taken into account.
    enum Exchange: Sendable {
        case published
        case answered(MQTTMessage)
        case failed(String)
    }

    private func attempt(
        _ invocation: InProcessStepInvocation, number: Int, context: ExecutionContext, stopSignal: StepStopSignal,
        logger: Logger
    ) async -> InProcessAttempts.Outcome {
        let ended = InProcessAttempts.Ending(number: number, startTime: Date(), context: context)
        let failed = ExitStatus.failed.exitCode
        guard let mqtt = invocation.step.mqtt else {
            return ended(.failed, failed, "step \"\(invocation.step.name)\" has no mqtt settings", retryable: false)
        }
        guard let client, let router else {
            return ended(
                .failed, failed,
                "This node has no MQTT broker connection, so the mqtt step cannot publish; "
                    + "set mqtt-url (BATCHWIRE_MQTT_URL) on the nodes that run this job.", retryable: false)
        }
        let values = invocation.values
        let shownTopic = values.redacted(mqtt.topic)
        let topic: String
        let payload: String
        do {
            topic = try values.render(mqtt.topic)
            payload = try values.render(mqtt.payload)
        } catch {
            return ended(.failed, failed, "The message could not be made: \(error)", retryable: false)
        }
        guard !topic.isEmpty, !topic.contains(where: { $0 == "+" || $0 == "#" }), !topic.hasPrefix("$") else {
            return ended(
                .failed, failed, "The topic \(shownTopic) is empty, has a wildcard or starts with $.", retryable: false)
        }
        let qos = MQTTQoS(rawValue: mqtt.qos) ?? .atLeastOnce
        let correlation = Array(withUnsafeBytes(of: UUID().uuid) { Array($0) })
        let waitsForReply = mqtt.replyTimeoutSeconds != nil
        let limits = [invocation.step.timeoutSeconds, mqtt.replyTimeoutSeconds].compactMap { $0 }
        let timeout = limits.min()
        let replyBound = mqtt.replyTimeoutSeconds.map { reply in limits.allSatisfy { reply <= $0 } } ?? false
        defer { if waitsForReply { router.forget(correlation) } }

        let race = await InProcessAttempts.race(timeoutSeconds: timeout, clock: clock, stopSignal: stopSignal) {
            () async -> Exchange in
            do {
                var properties = MQTTProperties()
                var answers: AsyncStream<MQTTMessage>?
                if waitsForReply {
                    try await router.ensureSubscribed()
                    answers = router.expect(correlation)
                    properties.responseTopic = router.replyTopic
                    properties.correlationData = correlation
                }
                try await client.publish(topic: topic, text: payload, qos: qos, properties: properties)
                guard let answers else { return .published }
                for await answer in answers { return .answered(answer) }
                return .failed("the wait for the reply ended without one")
            } catch {
                // The client's error may name the topic as sent; a topic made from ${env.…} shows as its template.
                return .failed("\(error)".replacingOccurrences(of: topic, with: shownTopic))
            }
        }
        switch race {
        case .stopped:
            let doing =
                waitsForReply ? "waiting for the reply to the message on \(shownTopic)" : "publishing to \(shownTopic)"
            return ended(.stopped, ExitStatus.stopped.exitCode, "Stopped on request while \(doing).", request: .stop)
        case .timedOut:
            let seconds = InProcessAttempts.seconds(timeout ?? 0)
            logger.warning(
                "MQTT step timed out", metadata: ["mqtt.topic": "\(shownTopic)", "batchwire.attempt": "\(number)"])
            let description =
                replyBound
                ? "No reply within \(seconds) s to the message on \(shownTopic) (response topic \(router.replyTopic))."
                : "Timed out after \(seconds) s publishing to \(shownTopic)"
                    + (waitsForReply ? " and waiting for the reply." : ".")
            return ended(.failed, failed, description, request: .timeout)
        case .finished(.failed(let reason)):
            logger.warning(
                "MQTT step could not publish",
                metadata: [
                    "mqtt.topic": "\(shownTopic)", "batchwire.error": "\(reason)", "batchwire.attempt": "\(number)",
                ])
            return ended(.failed, failed, "Publishing to \(shownTopic) failed: \(reason).")
        case .finished(.published):
            logger.info(
                "MQTT step published", metadata: ["mqtt.topic": "\(shownTopic)", "batchwire.attempt": "\(number)"])
            return ended(.completed, ExitStatus.completed.exitCode, "Published to \(shownTopic) with QoS \(mqtt.qos).")
        case .finished(.answered(let answer)):
            let text = HTTPStepRunner.prefix(answer.payload)
            logger.info(
                "MQTT step answered",
                metadata: [
                    "mqtt.topic": "\(shownTopic)", "batchwire.attempt": "\(number)", "batchwire.reply": "\(text)",
                ])
            let summary = "Reply to the message on \(shownTopic)"
            let reply = StepReply(answer.payload, exitCodes: invocation.step.exitCodes, previous: context)
            if let problem = reply.problem {
                return ended(
                    .failed, failed, "\(summary), but \(problem).\n--- reply (start) ---\n" + text, retryable: false)
            }
            let status = reply.exit?.status ?? .completed
            let exitCode = reply.exit?.exitCode ?? reply.exitCodeText ?? status.rawValue
            let description = text.isEmpty ? summary + " (empty)." : summary + ".\n--- reply (start) ---\n" + text
            return ended(status, exitCode, description, context: reply.context)
        }
    }
}
