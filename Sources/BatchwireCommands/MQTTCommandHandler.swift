import BatchwireCore
import BatchwireMQTT
import BatchwireRuntime
import Foundation
import Logging
import MosquittoClient
import Synchronization

/// Carries out the commands published to `<prefix>/commands/<verb>`: `start`, `start-next`, `restart`,
/// `stop`, `abandon`, `pause`, `resume` and `list` (see `docs/commands.md`), and answers each one.
///
/// Every node subscribes with the same shared subscription, `$share/<group>/<prefix>/commands/#`, so the
/// broker hands each command to one node. Each command is checked in full before anything happens: a
/// malformed command, an unknown job, a job without `mqtt: trigger: true` (for the verbs that start a
/// run), an expired or a retained command gets an error reply and never starts a run. A command with an
/// idempotency key (the `BW_COMMAND_KEY` user property or the `idempotencyKey` field) is claimed in the
/// database first, so a repeated delivery gets the first result instead of a second run, on any node.
///
/// Commands are carried out one at a time, in the order they arrive; starting a run only creates its
/// execution (the launcher runs it on), so no command waits for another's run. Nothing a command does can
/// stop the handler: every failure, the database's included, becomes an error reply and a log entry.
///
/// ```swift
/// let handler = MQTTCommandHandler(
///     client: client, jobOperator: jobOperator,
///     configuration: MQTTCommandConfiguration(topicPrefix: "batchwire", nodeID: "node-1"),
///     logger: logger, onSchedulesChanged: { await scheduler.reload() })
/// try await handler.run()   // until the task is cancelled
/// ```
public final class MQTTCommandHandler: Sendable {
    let client: MQTTClient
    let jobOperator: JobOperator
    let configuration: MQTTCommandConfiguration
    let logger: Logger
    let onSchedulesChanged: @Sendable () async -> Void
    /// When old idempotency keys were last deleted.
    let lastPrune = Mutex<Date?>(nil)

    /// A handler; it does nothing until ``run()``.
    ///
    /// - Parameters:
    ///   - client: a connected client whose user may subscribe to `<prefix>/commands/#` and publish the
    ///     replies (to the topics the senders name).
    ///   - jobOperator: what carries the commands out; its registry decides which jobs exist.
    ///   - configuration: topic prefix, node id, share group, size limit, key retention, clock.
    ///   - logger: where each command and each failure is logged.
    ///   - onSchedulesChanged: called after `pause` or `resume` changed a schedule's state in the database,
    ///     so the scheduler can reload it.
    public init(
        client: MQTTClient,
        jobOperator: JobOperator,
        configuration: MQTTCommandConfiguration,
        logger: Logger,
        onSchedulesChanged: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.jobOperator = jobOperator
        self.configuration = configuration
        self.logger = logger
        self.onSchedulesChanged = onSchedulesChanged
    }

    /// Subscribes (shared subscription `$share/<group>/<prefix>/commands/#`) and handles commands until cancelled.
    ///
    /// Returns when the task is cancelled or the client disconnects. The subscription survives connection
    /// losses (the client subscribes again after each reconnect). Replies are published with QoS 1 and
    /// awaited: while the broker is away, the handler waits for the reply to go out before the next command.
    /// - Throws: `MQTTTopicError` for an invalid topic prefix; ``MQTTError`` when the subscription is
    ///   refused (e.g. `notAuthorized`: grant the user read access to `<prefix>/commands/#` in the broker's
    ///   ACL), also later if the broker refuses it after a reconnect.
    public func run() async throws {
        let topics = try MQTTTopics(prefix: configuration.topicPrefix)
        let filter = topics.sharedCommandsFilter(group: configuration.shareGroup)
        // Retain as published: a command published with the retain flag keeps it, so it can be refused.
        // Retained messages are not sent on subscribe (and brokers never send them to shared subscriptions).
        let subscription = try await client.subscribe(
            filter,
            qos: .atLeastOnce,
            options: MQTTSubscribeOptions(retainAsPublished: true, retainHandling: .doNotSend)
        )
        logger.info("MQTT commands subscribed", metadata: ["mqtt.filter": "\(filter)"])

        // The arrival instant is taken as soon as a message is read, not when its turn comes, so that a
        // command that waited behind others is measured against its MQTT message expiry correctly.
        let (arrivals, arrived) = AsyncStream.makeStream(of: CommandArrival.self)
        let now = configuration.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { arrived.finish() }
                for try await message in subscription {
                    arrived.yield(CommandArrival(message: message, receivedAt: now()))
                }
            }
            for await arrival in arrivals {
                await handle(arrival)
            }
            try await group.waitForAll()
        }
        logger.info("MQTT commands stopped", metadata: ["mqtt.filter": "\(filter)"])
    }

    /// Handles one command: checks, carries out, answers, logs. Never throws.
    func handle(_ arrival: CommandArrival) async {
        await pruneKeysIfDue()
        let outcome = await process(arrival)
        log(outcome, arrival)
        await send(outcome)
    }
}

/// A message read from the command subscription, with the instant it was read.
struct CommandArrival: Sendable {
    let message: MQTTMessage
    let receivedAt: Date
}
