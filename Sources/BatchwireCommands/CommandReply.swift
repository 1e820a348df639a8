import BatchwireCore
import BatchwireRuntime
import Foundation

/// The JSON answer to a command: `{"ok":true,"command":"start","node":"node-1","executionId":42,…}` or
/// `{"ok":false,"command":"start","node":"node-1","error":{"code":"NO_SUCH_JOB","message":"…"}}`.
///
/// The body is what an idempotency key stores; the `correlationId` of the command being answered is added
/// when the reply is sent, so a repeated command gets the stored body with its own correlation.
struct CommandReply: Sendable, Equatable {
    /// Every field but `correlationId`.
    private(set) var body: [String: JSONValue]

    /// A successful reply: `ok`, `command`, `node` and the verb's own fields.
    static func success(_ verb: CommandVerb, node: String, _ fields: [String: JSONValue] = [:]) -> CommandReply {
        var body = fields
        body["ok"] = .bool(true)
        body["command"] = .string(verb.rawValue)
        body["node"] = .string(node)
        return CommandReply(body: body)
    }

    /// An error reply; `command` is the topic's last level when there is one, even if it is no verb.
    static func failure(_ error: CommandError, command: String?, node: String) -> CommandReply {
        var body: [String: JSONValue] = [
            "ok": .bool(false),
            "node": .string(node),
            "error": .object(["code": .string(error.code.rawValue), "message": .string(error.message)]),
        ]
        if let command { body["command"] = .string(command) }
        return CommandReply(body: body)
    }

    /// A reply stored for an idempotency key; `nil` if the text is not a reply.
    init?(stored text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
            case .object(let body) = value, case .bool = body["ok"]
        else { return nil }
        self.body = body
    }

    private init(body: [String: JSONValue]) {
        self.body = body
    }

    /// Whether the command succeeded.
    var isOK: Bool { body["ok"] == .bool(true) }

    /// The verb the reply answers.
    var command: String? { body["command"]?.stringValue }

    /// The error code of a failure.
    var errorCode: String? { body["error"]?.objectValue?["code"]?.stringValue }

    /// The execution the reply names, if any.
    var executionId: Int64? {
        if case .integer(let id) = body["executionId"] { return id }
        return nil
    }

    /// The body as JSON text, keys sorted: what an idempotency key stores.
    var storedText: String {
        String(decoding: Self.encode(body), as: UTF8.self)
    }

    /// The payload to publish: the body plus the command's `correlationId`, if it had one.
    func payload(correlationId: String?) -> [UInt8] {
        var body = body
        if let correlationId { body["correlationId"] = .string(correlationId) }
        return Self.encode(body)
    }

    private static func encode(_ body: [String: JSONValue]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: it holds only JSON (a non-finite double never gets in, the
        // decoder does not produce one and replies hold only integers, text and flags).
        return (try? [UInt8](encoder.encode(JSONValue.object(body)))) ?? Array(#"{"ok":false}"#.utf8)
    }
}
