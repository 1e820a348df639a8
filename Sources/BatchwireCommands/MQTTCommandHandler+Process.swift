import BatchwireCore
import BatchwireRuntime
import BatchwireStore
import Foundation
import MosquittoClient

/// What is learned about a command while it is checked: where its reply goes and what the log should say.
struct CommandTrace: Sendable {
    var address: ReplyAddress?
    var correlationId: String?
    /// The topic's last level (the verb, if it is one).
    var command: String?
    var idempotencyKey: String?
    /// Whether the reply is the stored first result of an earlier command with the same key.
    var isDuplicate = false
}

/// What became of one command: its reply, and its trace.
struct CommandOutcome: Sendable {
    let reply: CommandReply
    let trace: CommandTrace

    var address: ReplyAddress? { trace.address }
    var correlationId: String? { trace.correlationId }
    var command: String? { trace.command }
    var idempotencyKey: String? { trace.idempotencyKey }
    var isDuplicate: Bool { trace.isDuplicate }
}

/// The user property that carries a command's idempotency key.
let commandKeyProperty = "BW_COMMAND_KEY"

extension MQTTCommandHandler {
    /// `<prefix>/commands/`.
    var commandsPrefix: String { configuration.topicPrefix + "/commands/" }

    /// Checks and carries out a command; every failure becomes an error reply.
    func process(_ arrival: CommandArrival) async -> CommandOutcome {
        var trace = CommandTrace()
        let reply: CommandReply
        do {
            reply = try await checkAndRun(arrival, &trace)
        } catch {
            reply = .failure(error, command: trace.command, node: configuration.nodeID)
        }
        return CommandOutcome(reply: reply, trace: trace)
    }

    /// The pipeline, in order: reply address, retained, MQTT expiry, verb, size, JSON, fields, key,
    /// `expiresAt`, the job's own checks; then the idempotency claim and the action. Everything before the
    /// claim only reads, so a command refused there leaves no trace but its reply and log entry.
    private func checkAndRun(_ arrival: CommandArrival, _ trace: inout CommandTrace) async throws(CommandError)
        -> CommandReply
    {
        let message = arrival.message
        let level = message.topic.hasPrefix(commandsPrefix) ? String(message.topic.dropFirst(commandsPrefix.count)) : ""
        trace.command = level.isEmpty || level.contains("/") ? nil : level
        if let topic = message.properties.responseTopic {
            try ReplyAddress.check(topic, prefix: configuration.topicPrefix, source: "Response Topic")
            trace.address = ReplyAddress(topic: topic, correlationData: message.properties.correlationData)
        }
        if message.retain {
            throw CommandError(
                .retained,
                "the command was published with the retain flag and is ignored: a retained command would run again "
                    + "whenever a node subscribes; publish it without retain (and clear it: publish an empty retained "
                    + "message to \(message.topic))"
            )
        }
        if let seconds = message.properties.messageExpiryInterval,
            configuration.now() > arrival.receivedAt.addingTimeInterval(TimeInterval(seconds))
        {
            throw CommandError(
                .expired,
                "the command's MQTT message expiry (\(seconds) s after it arrived) passed before its turn; "
                    + "nothing was done: send it again with a longer expiry if it should still run"
            )
        }
        guard let verb = CommandVerb(rawValue: level) else {
            throw CommandError(
                .unknownVerb,
                "'\(message.topic)' is not a command topic; publish to \(commandsPrefix)<verb> with one of: "
                    + CommandVerb.names
            )
        }
        guard message.payload.count <= configuration.maxPayloadBytes else {
            throw CommandError(
                .tooLarge,
                "the payload has \(message.payload.count) bytes; commands may have at most "
                    + "\(configuration.maxPayloadBytes): send fewer or shorter parameters"
            )
        }
        let object = try CommandPayload.object(from: message.payload)
        let (replyTo, correlationId) = CommandPayload.replyFields(of: object)
        trace.correlationId = correlationId
        if trace.address == nil, let replyTo {
            try ReplyAddress.check(replyTo, prefix: configuration.topicPrefix, source: "replyTo field")
            trace.address = ReplyAddress(topic: replyTo)
        }
        let request = try CommandPayload.request(verb: verb, object: object)
        let key = try idempotencyKey(of: message, request)
        trace.idempotencyKey = key
        if let expiresAt = request.expiresAt, configuration.now() > expiresAt {
            throw CommandError(
                .expired,
                "the command expired at \(EventTimestamp.format(expiresAt)) (its expiresAt field) before it arrived "
                    + "or was read; nothing was done: send it again with a later expiresAt if it should still run"
            )
        }
        let prepared = try await prepare(request)
        guard verb.isIdempotent, let key else {
            return try await carryOut(prepared)
        }
        return try await runOnce(prepared, key: key, &trace)
    }

    /// The key from the `BW_COMMAND_KEY` user property or the `idempotencyKey` field.
    private func idempotencyKey(of message: MQTTMessage, _ request: CommandRequest) throws(CommandError) -> String? {
        guard let property = message.properties.userProperty(commandKeyProperty) else { return request.idempotencyKey }
        try CommandPayload.checkKey(property, source: "the \(commandKeyProperty) user property")
        if let field = request.idempotencyKey, field != property {
            throw CommandError(
                .invalidValue,
                "the \(commandKeyProperty) user property and the idempotencyKey field differ; give the key once"
            )
        }
        return property
    }

    /// Claims the key, then carries the command out and stores its reply; a duplicate gets the stored reply.
    private func runOnce(_ prepared: PreparedCommand, key: String, _ trace: inout CommandTrace)
        async throws(CommandError) -> CommandReply
    {
        let state = jobOperator.launcher.store.state
        let claim: BatchwireStateStore.CommandClaim
        do {
            claim = try await state.claimCommand(key: key, at: configuration.now())
        } catch {
            throw CommandError.from(error)
        }
        switch claim {
        case .duplicate(nil):
            throw CommandError(
                .commandInProgress,
                "a command with this idempotency key arrived before and has no result yet: it is still being carried "
                    + "out, or the node handling it stopped first; send it again in a moment to get its result, or "
                    + "check with the list command"
            )
        case .duplicate(let text?):
            guard let stored = CommandReply(stored: text) else {
                throw CommandError(.internal, "the stored result of this idempotency key cannot be read; use a new key")
            }
            guard stored.command == prepared.verb.rawValue else {
                throw CommandError(
                    .idempotencyKeyReused,
                    "this idempotency key was first used for a '\(stored.command ?? "?")' command; use a new key "
                        + "for every command"
                )
            }
            trace.isDuplicate = true
            return stored
        case .claimed:
            break
        }
        let reply: CommandReply
        do {
            reply = try await carryOut(prepared)
        } catch where error.isTransient {
            // Nothing was done (or the command may be applied again safely): free the key for a retry.
            do {
                try await state.releaseCommand(key: key)
            } catch let release {
                logger.error(
                    "MQTT command key not released after a failure; a retry gets COMMAND_IN_PROGRESS",
                    metadata: ["command.key": "\(key)", "error": "\(release)"]
                )
            }
            throw error
        } catch {
            reply = .failure(error, command: prepared.verb.rawValue, node: configuration.nodeID)
        }
        do {
            try await state.recordCommandResult(key: key, result: reply.storedText)
        } catch {
            logger.error(
                "MQTT command result not stored; a retry with the same key gets COMMAND_IN_PROGRESS",
                metadata: ["command.key": "\(key)", "error": "\(error)"]
            )
        }
        return reply
    }
}
