import BatchwireCore
import BatchwireRuntime
import Foundation
import Logging
import MosquittoClient
import ServiceLifecycle

/// The MQTT triggers of the registry, subscribed on a connection of their own with a kept session, so that a
/// message published while this node is down waits at the broker (QoS 1) and is run when it is back.
///
/// Each trigger is one shared subscription (`$share/bwt-<hash of the trigger id>/<filter>`) that every node
/// joins: the broker hands each message to one of them, and the database claim (``TriggerDispatcher``) keeps
/// a message that reaches two nodes anyway (a redelivery, a session taken over) to one run. The subscriptions
/// follow the job files as they are reloaded.
struct TriggerService: Service {
    let dispatcher: TriggerDispatcher
    let registry: JobRegistry
    let settings: MQTTConfiguration
    let logger: Logger
    /// The most messages of one trigger handled at once (`overlap: allow`; the other policies take one at a time).
    let concurrency = 32

    /// The MQTT triggers of the registry now, by shared filter: the trigger id.
    static func subscriptions(_ registry: JobRegistry) -> [String: String] {
        var result: [String: String] = [:]
        for entry in registry.entries {
            let job = entry.definition
            for (index, trigger) in job.triggers.enumerated() {
                guard case .mqtt(let mqtt) = trigger else { continue }
                let id = TriggerIdentity.id(job: job.name, index: index)
                result["$share/bwt-\(MD5.hexDigest(utf8: id).prefix(16))/\(mqtt.topic)"] = id
            }
        }
        return result
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.serve() }
    }

    private func serve() async {
        // Waits for the first MQTT trigger: a node without any opens no second connection.
        var wanted = Self.subscriptions(registry)
        while wanted.isEmpty {
            try? await Task.sleep(for: .seconds(2))
            if Task.isCancelled { return }
            wanted = Self.subscriptions(registry)
        }
        let client: MQTTClient
        do {
            client = try MQTTClient(configuration: settings, logger: logger)
        } catch {
            logger.error("MQTT triggers unavailable: the client could not be made", metadata: ["error": "\(error)"])
            return
        }
        do {
            var consumers: [String: Task<Void, Never>] = [:]
            func add(_ filter: String, _ triggerID: String, _ subscription: MQTTSubscription) {
                consumers[filter] = Task { await self.consume(subscription, triggerID: triggerID) }
            }
            for (filter, id) in wanted {
                do {
                    add(filter, id, try client.subscribeBeforeConnecting(filter))
                } catch {
                    logger.error("MQTT trigger not subscribed", metadata: ["trigger": "\(id)", "error": "\(error)"])
                }
            }
            if await BrokerConnectionService.connect(
                client, logger: logger, unreachable: "broker unreachable for MQTT triggers; messages wait at the broker. Retrying")
            {
                logger.info("MQTT triggers subscribed", metadata: ["triggers": "\(consumers.count)"])
            }
            // Follows the job files: new triggers are subscribed, removed ones unsubscribed.
            var generation = registry.generation
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard registry.generation != generation, client.isConnected else { continue }
                generation = registry.generation
                let now = Self.subscriptions(registry)
                for (filter, task) in consumers where now[filter] == nil {
                    task.cancel()
                    consumers[filter] = nil
                    try? await client.unsubscribe(filter)
                }
                for (filter, id) in now where consumers[filter] == nil {
                    do {
                        add(filter, id, try await client.subscribe(filter))
                    } catch {
                        logger.error("MQTT trigger not subscribed", metadata: ["trigger": "\(id)", "error": "\(error)"])
                    }
                }
            }
            // Shutdown: no new messages; the ones already received (acknowledged to the broker) are still run.
            await client.disconnect()
            for task in consumers.values { await task.value }
            dispatcher.cancelWindows()
        }
    }

    /// Handles a subscription's messages, at most ``concurrency`` at once (one at a time unless `overlap: allow`).
    private func consume(_ subscription: MQTTSubscription, triggerID: String) async {
        let dispatcher = self.dispatcher
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            do {
                for try await message in subscription {
                    // Overlap policies other than allow look at the running executions first: one message at a
                    // time, or two could both find the job idle.
                    let limit = dispatcher.trigger(triggerID)?.job.triggerOverlap == .allow ? concurrency : 1
                    while inFlight >= limit {
                        await group.next()
                        inFlight -= 1
                    }
                    let input = TriggerMessage(
                        topic: message.topic, payload: message.payload, eventID: message.properties.userProperty("BW_EVENT_ID"))
                    group.addTask { await dispatcher.handle(.message(input), triggerID: triggerID) }
                    inFlight += 1
                }
            } catch {
                logger.error("MQTT trigger subscription ended", metadata: ["trigger": "\(triggerID)", "error": "\(error)"])
            }
            await group.waitForAll()
        }
    }
}
