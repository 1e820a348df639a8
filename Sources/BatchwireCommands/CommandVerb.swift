import BatchwireCore
import BatchwireRuntime
/// A command's verb: the last level of its topic, `<prefix>/commands/<verb>`.
enum CommandVerb: String, Sendable, CaseIterable {
    case start
    case startNext = "start-next"
    case restart
    case stop
    case abandon
    case pause
    case resume
    case list

    /// The payload fields every verb takes, besides its own.
    static let envelopeFields: Set<String> = ["idempotencyKey", "replyTo", "correlationId", "expiresAt"]

    /// The verb's own payload fields: name and whether it is required.
    var fields: [(name: String, required: Bool)] {
        switch self {
        case .start: [("job", true), ("parameters", false)]
        case .startNext: [("job", true)]
        case .restart, .stop, .abandon: [("executionId", true)]
        case .pause: [("job", true), ("schedule", false), ("reason", false)]
        case .resume: [("job", true), ("schedule", false)]
        case .list: []
        }
    }

    /// Every field the verb accepts, sorted, for error messages.
    var acceptedFields: [String] {
        (fields.map(\.name) + Self.envelopeFields).sorted()
    }

    /// Whether the verb starts a run, so that the job must allow MQTT triggering.
    var startsRun: Bool {
        self == .start || self == .startNext || self == .restart
    }

    /// Whether a repeated command with the same idempotency key gets the first result: every verb that
    /// changes something. `list` only reads, so it always answers with the current state.
    var isIdempotent: Bool { self != .list }

    /// The verbs, as a readable list.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
