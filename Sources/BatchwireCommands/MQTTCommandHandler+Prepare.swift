import BatchwireCore
import BatchwireRuntime

extension MQTTCommandHandler {
    /// Resolves what the command names (job, execution, schedules, parameters) without changing anything.
    /// - Throws: ``CommandError`` `NO_SUCH_JOB`, `NOT_PERMITTED`, `NO_SUCH_EXECUTION`, `NO_SUCH_SCHEDULE`,
    ///   `WRONG_TYPE` / `INVALID_VALUE` (parameters), `STORE_UNAVAILABLE`.
    func prepare(_ request: CommandRequest) async throws(CommandError) -> PreparedCommand {
        let verb = request.verb
        let action: PreparedCommand.Action
        switch request.action {
        case .start(let name, let input):
            let job = try registeredJob(name, verb: verb)
            var parameters = JobParameters()
            if let input { parameters = try CommandParameters.resolve(input, for: job) }
            action = .start(job, parameters)
        case .startNext(let name):
            action = .startNext(try registeredJob(name, verb: verb))
        case .restart(let id):
            let execution = try await execution(id)
            _ = try registeredJob(execution.jobName, verb: verb)
            action = .restart(execution)
        case .stop(let id):
            action = .stop(try await execution(id))
        case .abandon(let id):
            action = .abandon(try await execution(id))
        case .pause(let name, let schedule, let reason):
            let job = try registeredJob(name, verb: verb)
            action = .pause(job, scheduleIDs: try scheduleIDs(of: job, named: schedule, verb: verb), reason: reason)
        case .resume(let name, let schedule):
            let job = try registeredJob(name, verb: verb)
            action = .resume(job, scheduleIDs: try scheduleIDs(of: job, named: schedule, verb: verb))
        case .list:
            action = .list
        }
        return PreparedCommand(verb: verb, action: action)
    }

    /// The registered job; for the verbs that start a run, only if it allows MQTT triggering.
    private func registeredJob(_ name: String, verb: CommandVerb) throws(CommandError) -> JobDefinition {
        guard let job = jobOperator.registry.job(named: name) else {
            let close = JobNameSuggestions.closest(to: name, among: jobOperator.registry.jobNames)
            let hint =
                close.isEmpty
                ? "the list command shows the registered jobs" : "did you mean \(close.joined(separator: ", "))?"
            throw CommandError(.noSuchJob, "no job named '\(name)' is registered; \(hint)")
        }
        if verb.startsRun && !job.mqttTrigger {
            throw CommandError(
                .notPermitted,
                "job '\(name)' may not be started by MQTT command; to allow it, set `mqtt: trigger: true` in its job "
                    + "file (\(job.location.file)), or start it with the batchwire command line"
            )
        }
        return job
    }

    /// The execution, with its steps.
    private func execution(_ id: Int64) async throws(CommandError) -> JobExecution {
        do {
            return try await jobOperator.getExecution(executionId: id)
        } catch {
            throw CommandError.from(error)
        }
    }

    /// Every schedule id of the job, or the one `name` designates (its `name:`, its position from 1, or its
    /// full id `job#name`).
    private func scheduleIDs(of job: JobDefinition, named name: String?, verb: CommandVerb) throws(CommandError)
        -> [String]
    {
        let ids = ScheduleIdentity.ids(of: job) + TriggerIdentity.ids(of: job)
        guard !ids.isEmpty else {
            throw CommandError(
                .noSuchSchedule,
                "job '\(job.name)' has no schedules, so there is nothing to \(verb.rawValue)"
            )
        }
        guard let name else { return ids }
        let wanted = name.contains("#") ? name : "\(job.name)#\(name)"
        guard ids.contains(wanted) else {
            throw CommandError(
                .noSuchSchedule,
                "job '\(job.name)' has no schedule '\(name)'; its schedules are \(ids.joined(separator: ", ")) "
                    + "(give the part after '#', or leave 'schedule' out for all of them)"
            )
        }
        return [wanted]
    }
}
