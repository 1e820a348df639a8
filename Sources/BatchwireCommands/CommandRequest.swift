import BatchwireCore
import BatchwireRuntime
import Foundation

/// A command whose payload passed every check of its verb: the action and the envelope fields.
struct CommandRequest: Sendable, Equatable {
    /// What the command asks for.
    enum Action: Sendable, Equatable {
        case start(job: String, parameters: CommandParameterInput?)
        case startNext(job: String)
        case restart(executionId: Int64)
        case stop(executionId: Int64)
        case abandon(executionId: Int64)
        case pause(job: String, schedule: String?, reason: String?)
        case resume(job: String, schedule: String?)
        case list
    }

    var verb: CommandVerb
    var action: Action
    /// The payload's `idempotencyKey`, if any (the `BW_COMMAND_KEY` user property is read elsewhere).
    var idempotencyKey: String?
    /// The payload's `expiresAt`: the command must not run after it.
    var expiresAt: Date?

    /// The job the command names, if it names one.
    var jobName: String? {
        switch action {
        case .start(let job, _), .startNext(let job), .pause(let job, _, _), .resume(let job, _): job
        case .restart, .stop, .abandon, .list: nil
        }
    }

    /// The execution the command names, if it names one.
    var executionId: Int64? {
        switch action {
        case .restart(let id), .stop(let id), .abandon(let id): id
        case .start, .startNext, .pause, .resume, .list: nil
        }
    }
}

/// The `parameters` of a `start` command, before they are typed against the job's declarations.
enum CommandParameterInput: Sendable, Equatable {
    /// `{"region": "eu", "count": 3}`: names and JSON values, sorted by name.
    case object([(String, JSONValue)])
    /// `["region=eu", "day(localdate)=2026-11-22"]`: Spring Batch's command-line notation.
    case notation([String])

    static func == (lhs: CommandParameterInput, rhs: CommandParameterInput) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.notation(let a), .notation(let b)): a == b
        default: false
        }
    }
}
