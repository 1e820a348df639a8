import BatchwireCore
import BatchwireRuntime
import BatchwireStore

/// Why a command was refused or failed: a stable ``Code`` that goes into the reply's `error.code`, and a
/// message that says what to do. The codes are the contract of `docs/commands.md`; new ones may be added,
/// existing ones never change meaning.
struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A reply's `error.code`.
    struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        let rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
        var description: String { rawValue }

        // The message itself.
        /// The payload is not JSON, or not a JSON object.
        static let badJSON = Code(rawValue: "BAD_JSON")
        /// The topic's last level is not a verb.
        static let unknownVerb = Code(rawValue: "UNKNOWN_VERB")
        /// The payload has a field the verb does not take.
        static let unknownField = Code(rawValue: "UNKNOWN_FIELD")
        /// A field, or a parameter value, has the wrong type.
        static let wrongType = Code(rawValue: "WRONG_TYPE")
        /// A required field is missing.
        static let missingField = Code(rawValue: "MISSING_FIELD")
        /// A field has the right type but an unusable value (an empty key, a malformed time or notation).
        static let invalidValue = Code(rawValue: "INVALID_VALUE")
        /// The payload is larger than the configured limit.
        static let tooLarge = Code(rawValue: "TOO_LARGE")
        /// The message was published with the retain flag: never executed.
        static let retained = Code(rawValue: "RETAINED")
        /// The MQTT message expiry or the `expiresAt` field has passed.
        static let expired = Code(rawValue: "EXPIRED")

        // The job and its schedules.
        /// No job of that name is registered.
        static let noSuchJob = Code(rawValue: "NO_SUCH_JOB")
        /// The job has no schedule of that name (or none at all).
        static let noSuchSchedule = Code(rawValue: "NO_SUCH_SCHEDULE")
        /// The job does not allow being started by MQTT (`mqtt: trigger: true` is missing).
        static let notPermitted = Code(rawValue: "NOT_PERMITTED")

        // Idempotency.
        /// A command with the same key was received before and has no result yet.
        static let commandInProgress = Code(rawValue: "COMMAND_IN_PROGRESS")
        /// The key was first used for another verb.
        static let idempotencyKeyReused = Code(rawValue: "IDEMPOTENCY_KEY_REUSED")

        // The operator's refusals (``JobOperatorError``).
        static let noSuchExecution = Code(rawValue: "NO_SUCH_EXECUTION")
        static let jobInstanceAlreadyExists = Code(rawValue: "JOB_INSTANCE_ALREADY_EXISTS")
        static let jobExecutionNotRunning = Code(rawValue: "JOB_EXECUTION_NOT_RUNNING")
        static let jobExecutionAlreadyRunning = Code(rawValue: "JOB_EXECUTION_ALREADY_RUNNING")
        static let jobInstanceAlreadyComplete = Code(rawValue: "JOB_INSTANCE_ALREADY_COMPLETE")
        static let jobRestart = Code(rawValue: "JOB_RESTART")
        static let startLimitExceeded = Code(rawValue: "START_LIMIT_EXCEEDED")
        static let jobParametersNotFound = Code(rawValue: "JOB_PARAMETERS_NOT_FOUND")
        static let jobParametersInvalid = Code(rawValue: "JOB_PARAMETERS_INVALID")

        // Failures.
        /// The database failed or stayed busy: send the command again later.
        static let storeUnavailable = Code(rawValue: "STORE_UNAVAILABLE")
        /// Anything else; the node's log has the details.
        static let `internal` = Code(rawValue: "INTERNAL")

        /// Every code, in the order `docs/commands.md` lists them.
        static let all: [Code] = [
            .badJSON, .unknownVerb, .unknownField, .wrongType, .missingField, .invalidValue, .tooLarge, .retained,
            .expired, .noSuchJob, .noSuchSchedule, .notPermitted, .commandInProgress, .idempotencyKeyReused,
            .noSuchExecution, .jobInstanceAlreadyExists, .jobExecutionNotRunning,
            .jobExecutionAlreadyRunning, .jobInstanceAlreadyComplete, .jobRestart, .startLimitExceeded,
            .jobParametersNotFound, .jobParametersInvalid, .storeUnavailable, .internal,
        ]
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code): \(message)" }

    /// Whether the failure says nothing about the command itself, so that sending it again may succeed:
    /// its idempotency key is then released rather than bound to this reply.
    var isTransient: Bool { code == .storeUnavailable || code == .internal }

    /// The reply for an error of the operator or the launcher.
    static func from(_ error: JobOperatorError) -> CommandError {
        let code: Code
        switch error.code {
        case .noSuchJob: code = .noSuchJob
        case .noSuchJobExecution: code = .noSuchExecution
        case .jobInstanceAlreadyExists: code = .jobInstanceAlreadyExists
        case .jobExecutionNotRunning: code = .jobExecutionNotRunning
        case .jobExecutionAlreadyRunning: code = .jobExecutionAlreadyRunning
        case .jobInstanceAlreadyComplete: code = .jobInstanceAlreadyComplete
        case .jobRestart: code = .jobRestart
        case .startLimitExceeded: code = .startLimitExceeded
        case .jobParametersNotFound: code = .jobParametersNotFound
        case .jobParametersInvalid: code = .jobParametersInvalid
        case .store:
            if let store = error.underlying as? StoreError { return from(store) }
            return CommandError(.storeUnavailable, "the database failed; send the command again later")
        default:
            return CommandError(
                .internal,
                "the command failed inside the node (\(error.code)); the node's log has the details"
            )
        }
        return CommandError(code, error.message)
    }

    /// The reply for a store failure outside the operator (claiming a key, pausing a schedule, listing).
    static func from(_ error: StoreError) -> CommandError {
        switch error.code {
        case .database, .transactionConflict:
            return CommandError(
                .storeUnavailable,
                "the database is unavailable or busy (\(error.code)); nothing was done: retry later with the same "
                    + "command"
            )
        case .noSuchJobExecution:
            return CommandError(.noSuchExecution, error.message)
        default:
            return CommandError(
                .internal,
                "the database refused the command (\(error.code)); the node's log has the details"
            )
        }
    }
}
