import BatchwireCore
import BatchwireRuntime
import Foundation
import Logging
import MosquittoClient

extension MQTTCommandHandler {
    /// Publishes the reply (QoS 1, not retained) if the command gave an address. A reply that cannot be
    /// published is logged; the command's effect stands either way.
    func send(_ outcome: CommandOutcome) async {
        guard let address = outcome.address else { return }
        var properties = MQTTProperties(
            correlationData: address.correlationData,
            contentType: "application/json",
            payloadIsUTF8: true
        )
        if outcome.isDuplicate {
            properties.userProperties = [MQTTUserProperty("BW_DUPLICATE", "true")]
        }
        do {
            try await client.publish(
                topic: address.topic,
                payload: outcome.reply.payload(correlationId: outcome.correlationId),
                qos: .atLeastOnce,
                retain: false,
                properties: properties
            )
        } catch {
            logger.error(
                "MQTT command reply not published",
                metadata: [
                    "command.verb": "\(outcome.command ?? "-")", "command.reply_topic": "\(address.topic)",
                    "error": "\(error)",
                ]
            )
        }
    }

    /// One log entry per command: `info` when it succeeded, `warning` when it was refused or failed.
    func log(_ outcome: CommandOutcome, _ arrival: CommandArrival) {
        var metadata: Logger.Metadata = [
            "command.topic": "\(arrival.message.topic)",
            "command.verb": "\(outcome.command ?? "-")",
            "command.reply_topic": "\(outcome.address?.topic ?? "none")",
        ]
        if let key = outcome.idempotencyKey { metadata["command.key"] = "\(key)" }
        if let id = outcome.reply.executionId { metadata["command.execution"] = "\(id)" }
        if outcome.isDuplicate { metadata["command.duplicate"] = "true" }
        if outcome.reply.isOK {
            logger.info("MQTT command carried out", metadata: metadata)
        } else {
            metadata["command.error_code"] = "\(outcome.reply.errorCode ?? "-")"
            if case .object(let error) = outcome.reply.body["error"], let message = error["message"]?.stringValue {
                metadata["command.error"] = "\(message)"
            }
            logger.warning("MQTT command refused", metadata: metadata)
        }
    }

    /// Deletes idempotency keys older than the retention, at most once per prune interval. Failures are
    /// logged and tried again at the next interval.
    func pruneKeysIfDue() async {
        let now = configuration.now()
        let interval = configuration.pruneInterval.seconds
        let due = lastPrune.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let cutoff = now.addingTimeInterval(-configuration.keyRetention.seconds)
        do {
            let deleted = try await jobOperator.launcher.store.state.pruneCommandKeys(createdBefore: cutoff)
            if deleted > 0 {
                logger.debug("MQTT command keys pruned", metadata: ["command.keys_deleted": "\(deleted)"])
            }
        } catch {
            logger.warning("MQTT command keys not pruned; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
