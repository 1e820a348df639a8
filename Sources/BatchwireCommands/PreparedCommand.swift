import BatchwireCore
import BatchwireRuntime

/// A command that passed every check that only reads: its job is registered (and, for the verbs that
/// start a run, allows MQTT triggering), its parameters are typed, its execution and schedules exist.
struct PreparedCommand: Sendable {
    enum Action: Sendable {
        case start(JobDefinition, JobParameters)
        case startNext(JobDefinition)
        /// The execution to restart.
        case restart(JobExecution)
        case stop(JobExecution)
        case abandon(JobExecution)
        case pause(JobDefinition, scheduleIDs: [String], reason: String?)
        case resume(JobDefinition, scheduleIDs: [String])
        case list
    }

    var verb: CommandVerb
    var action: Action
}
