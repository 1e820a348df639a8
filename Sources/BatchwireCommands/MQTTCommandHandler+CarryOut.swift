import BatchwireCore
import BatchwireRuntime
import BatchwireStore

extension MQTTCommandHandler {
    /// Carries out a prepared command through the operator or the store.
    /// - Returns: the success reply.
    /// - Throws: ``CommandError`` from the operator's refusals (`JOB_INSTANCE_ALREADY_EXISTS`, …) or the
    ///   store (`STORE_UNAVAILABLE`).
    func carryOut(_ command: PreparedCommand) async throws(CommandError) -> CommandReply {
        let verb = command.verb
        let node = configuration.nodeID
        switch command.action {
        case .pause(let job, let ids, let reason):
            try await setPaused(true, ids, reason: reason)
            return .success(verb, node: node, Self.fields(job, ids, paused: true))
        case .resume(let job, let ids):
            try await setPaused(false, ids, reason: nil)
            return .success(verb, node: node, Self.fields(job, ids, paused: false))
        case .list:
            return .success(verb, node: node, try await listing())
        case .start, .startNext, .restart, .stop, .abandon:
            do {
                return .success(verb, node: node, try await operate(command.action))
            } catch {
                throw CommandError.from(error)
            }
        }
    }

    /// Carries out a verb of the operator.
    /// - Returns: the reply's fields.
    private func operate(_ action: PreparedCommand.Action) async throws(JobOperatorError) -> [String: JSONValue] {
        switch action {
        case .start(let job, let parameters):
            return Self.fields(of: try await jobOperator.start(jobName: job.name, parameters: parameters))
        case .startNext(let job):
            return Self.fields(of: try await jobOperator.startNextInstance(jobName: job.name))
        case .restart(let previous):
            var fields = Self.fields(of: try await jobOperator.restart(executionId: previous.id))
            fields["restartedExecutionId"] = .integer(previous.id)
            return fields
        case .stop(let execution):
            try await jobOperator.stop(executionId: execution.id)
            return [
                "executionId": .integer(execution.id), "job": .string(execution.jobName),
                "status": .string(BatchStatus.stopping.name),
            ]
        case .abandon(let execution):
            let abandoned = try await jobOperator.abandon(executionId: execution.id)
            return [
                "executionId": .integer(abandoned.id), "job": .string(abandoned.jobName),
                "status": .string(abandoned.status.name),
            ]
        case .pause, .resume, .list:
            return [:]  // carried out by carryOut itself
        }
    }

    /// Pauses or resumes schedules in the database, then tells the scheduler (also after a partial failure,
    /// so that what did change takes effect).
    private func setPaused(_ paused: Bool, _ ids: [String], reason: String?) async throws(CommandError) {
        do {
            try await jobOperator.setSchedulesPaused(
                paused, ids: ids, reason: reason, changedBy: "mqtt@\(configuration.nodeID)", at: configuration.now(),
                afterChanges: onSchedulesChanged)
        } catch {
            throw CommandError.from(error)
        }
    }

    /// `executionId`, `instanceId`, `job`, `status` and `parameters` (in Spring's notation) of a new execution.
    static func fields(of execution: JobExecution) -> [String: JSONValue] {
        [
            "executionId": .integer(execution.id),
            "instanceId": .integer(execution.jobInstance.id),
            "job": .string(execution.jobName),
            "status": .string(execution.status.name),
            "parameters": .array(
                execution.jobParameters.map { .string(JobParameters.springNotation(name: $0.0, parameter: $0.1)) }
            ),
        ]
    }

    /// `job` and `schedules` (`id`, `paused`) of a pause or resume.
    static func fields(_ job: JobDefinition, _ ids: [String], paused: Bool) -> [String: JSONValue] {
        [
            "job": .string(job.name),
            "schedules": .array(ids.map { .object(["id": .string($0), "paused": .bool(paused)]) }),
        ]
    }
}
