import BatchwireCore
import BatchwireRuntime
import Foundation

/// Reads a command's JSON payload strictly: a JSON object, only the fields its verb takes, each of the
/// right type. The first problem found is the error; nothing is guessed or coerced.
enum CommandPayload {
    /// The longest idempotency key, in characters (the key column is `VARCHAR(200)`).
    static let maxKeyLength = 200
    /// The longest pause reason, in characters (the reason column is `VARCHAR(2500)`).
    static let maxReasonLength = 2_500

    /// Decodes the payload as a JSON object.
    /// - Throws: ``CommandError`` `BAD_JSON`.
    static func object(from payload: [UInt8]) throws(CommandError) -> [String: JSONValue] {
        guard !payload.isEmpty else {
            throw CommandError(.badJSON, "the payload is empty; send a JSON object such as {\"job\":\"nightly\"}")
        }
        let value: JSONValue
        do {
            value = try StrictJSONReader.parse(payload)
        } catch {
            throw CommandError(
                .badJSON,
                "the payload is not strict JSON (\(error)); send a JSON object such as {\"job\":\"nightly\"}"
            )
        }
        guard case .object(let object) = value else {
            throw CommandError(
                .badJSON,
                "the payload is JSON \(describe(value)), not an object; send e.g. {\"job\":\"nightly\"}"
            )
        }
        return object
    }

    /// Checks the fields of `object` for `verb` and builds the request.
    /// - Throws: ``CommandError`` `UNKNOWN_FIELD`, `MISSING_FIELD`, `WRONG_TYPE`, `INVALID_VALUE`.
    static func request(verb: CommandVerb, object: [String: JSONValue]) throws(CommandError) -> CommandRequest {
        let accepted = Set(verb.fields.map(\.name)).union(CommandVerb.envelopeFields)
        let unknown = object.keys.filter { !accepted.contains($0) }.sorted()
        if !unknown.isEmpty {
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            throw CommandError(
                .unknownField,
                "\(verb.rawValue) does not take the field\(unknown.count == 1 ? "" : "s") \(names); it takes "
                    + verb.acceptedFields.joined(separator: ", ") + " (see docs/commands.md)"
            )
        }
        let fields = Fields(verb: verb, object: object)
        for field in verb.fields where field.required {
            guard let value = object[field.name], value != .null else {
                throw CommandError(
                    .missingField,
                    "\(verb.rawValue) needs the field '\(field.name)' (\(Fields.meaning[field.name] ?? ""))"
                )
            }
        }
        let action: CommandRequest.Action
        switch verb {
        case .start:
            action = .start(job: try fields.job(), parameters: try fields.parameters())
        case .startNext:
            action = .startNext(job: try fields.job())
        case .restart:
            action = .restart(executionId: try fields.executionId())
        case .stop:
            action = .stop(executionId: try fields.executionId())
        case .abandon:
            action = .abandon(executionId: try fields.executionId())
        case .pause:
            action = .pause(job: try fields.job(), schedule: try fields.schedule(), reason: try fields.reason())
        case .resume:
            action = .resume(job: try fields.job(), schedule: try fields.schedule())
        case .list:
            action = .list
        }
        // Read leniently before (replyFields) so that an error can be answered; here held to their type.
        _ = try fields.replyTo()
        _ = try fields.correlationId()
        return CommandRequest(
            verb: verb,
            action: action,
            idempotencyKey: try fields.idempotencyKey(),
            expiresAt: try fields.expiresAt()
        )
    }

    /// The reply address fields, read leniently so that even a command with other errors can be answered.
    /// - Returns: `replyTo` and `correlationId` when they are strings.
    static func replyFields(of object: [String: JSONValue]) -> (replyTo: String?, correlationId: String?) {
        (object["replyTo"]?.stringValue, object["correlationId"]?.stringValue)
    }

    /// "a string", "an integer", … for error messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Typed access to the payload's fields; `null` counts as absent.
    private struct Fields {
        let verb: CommandVerb
        let object: [String: JSONValue]

        static let meaning: [String: String] = [
            "job": "the job's name, a string",
            "executionId": "the job execution's id, an integer",
        ]

        private func value(_ name: String) -> JSONValue? {
            guard let value = object[name], value != .null else { return nil }
            return value
        }

        private func wrongType(_ name: String, _ expected: String, _ value: JSONValue) -> CommandError {
            CommandError(.wrongType, "'\(name)' must be \(expected), not \(CommandPayload.describe(value))")
        }

        private func string(_ name: String, _ meaning: String) throws(CommandError) -> String? {
            guard let value = value(name) else { return nil }
            guard case .string(let text) = value else { throw wrongType(name, "a string (\(meaning))", value) }
            return text
        }

        private func nonEmptyString(_ name: String, _ meaning: String) throws(CommandError) -> String? {
            guard let text = try string(name, meaning) else { return nil }
            guard !text.isEmpty else {
                throw CommandError(.invalidValue, "'\(name)' is empty; give \(meaning)")
            }
            return text
        }

        // `job()` and `executionId()` read required fields, which `request` checked present before.

        func job() throws(CommandError) -> String {
            try nonEmptyString("job", "the job's name") ?? ""
        }

        func executionId() throws(CommandError) -> Int64 {
            guard let value = value("executionId") else { return 0 }
            guard case .integer(let id) = value else {
                throw wrongType("executionId", "an integer (the job execution's id)", value)
            }
            guard id > 0 else {
                throw CommandError(.invalidValue, "'executionId' must be positive; execution ids start at 1")
            }
            return id
        }

        func parameters() throws(CommandError) -> CommandParameterInput? {
            guard let value = value("parameters") else { return nil }
            switch value {
            case .object(let members):
                return .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            case .array(let items):
                var arguments: [String] = []
                for (index, item) in items.enumerated() {
                    guard case .string(let text) = item else {
                        throw CommandError(
                            .wrongType,
                            "parameters[\(index)] must be a string in Spring Batch's notation (name=value,type or "
                                + "name(type)=value), not \(CommandPayload.describe(item))"
                        )
                    }
                    arguments.append(text)
                }
                return .notation(arguments)
            default:
                throw wrongType(
                    "parameters",
                    "an object ({\"region\":\"eu\"}) or an array of strings ([\"region=eu\"])",
                    value
                )
            }
        }

        func schedule() throws(CommandError) -> String? {
            try nonEmptyString("schedule", "a schedule's name, its position (1, 2, …) or its id job#name")
        }

        func reason() throws(CommandError) -> String? {
            guard let text = try string("reason", "why the job is paused") else { return nil }
            guard text.count <= CommandPayload.maxReasonLength else {
                throw CommandError(
                    .invalidValue,
                    "'reason' is longer than \(CommandPayload.maxReasonLength) characters; shorten it"
                )
            }
            return text
        }

        func replyTo() throws(CommandError) -> String? {
            try string("replyTo", "the topic to publish the reply to")
        }

        func correlationId() throws(CommandError) -> String? {
            try string("correlationId", "a text the reply carries back")
        }

        func idempotencyKey() throws(CommandError) -> String? {
            guard let key = try nonEmptyString("idempotencyKey", "a key unique to this command, e.g. a UUID") else {
                return nil
            }
            try CommandPayload.checkKey(key, source: "'idempotencyKey'")
            return key
        }

        func expiresAt() throws(CommandError) -> Date? {
            guard let text = try string("expiresAt", "an ISO-8601 instant such as 2026-11-22T10:00:00Z") else {
                return nil
            }
            guard let instant = CommandPayload.instant(text) else {
                throw CommandError(
                    .invalidValue,
                    "'expiresAt' is not an ISO-8601 instant with seconds and an offset between the years 1678 and "
                        + "2261; write e.g. 2026-11-22T10:00:00Z or 2026-11-22T11:00:00+01:00"
                )
            }
            return instant
        }
    }

    /// Parses an ISO-8601 instant with seconds and an offset, for `expiresAt`; `nil` if it is not one.
    static func instant(_ text: String) -> Date? {
        isWithinInstantYears(text) ? EventTimestamp.parse(text) : nil
    }

    /// Whether `text` starts with a four-digit year from 1678 to 2261 and a `-`. The shared instant parser
    /// (`EventTimestamp.parse`, `java.util.Date` parameters) counts nanoseconds in an `Int64`, which
    /// overflows, and traps, outside those years; a command must never crash the handler.
    static func isWithinInstantYears(_ text: String) -> Bool {
        let year = text.utf8.prefix(5)
        guard year.count == 5, year.last == UInt8(ascii: "-"),
            year.dropLast().allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let value = Int(String(decoding: year.dropLast(), as: UTF8.self))
        else { return false }
        return (1678...2261).contains(value)
    }

    /// Checks an idempotency key from the payload or the `BW_COMMAND_KEY` user property.
    /// - Throws: ``CommandError`` `INVALID_VALUE`.
    static func checkKey(_ key: String, source: String) throws(CommandError) {
        guard !key.isEmpty else {
            throw CommandError(.invalidValue, "the idempotency key in \(source) is empty; use e.g. a UUID")
        }
        guard key.unicodeScalars.count <= maxKeyLength else {
            throw CommandError(
                .invalidValue,
                "the idempotency key in \(source) is longer than \(maxKeyLength) characters; use e.g. a UUID"
            )
        }
    }
}
