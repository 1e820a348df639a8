import BatchwireCore
import BatchwireRuntime
import BatchwireStore

extension MQTTCommandHandler {
    /// The `list` reply's fields: every registered job (name, `mqttTrigger`, schedules with their id and
    /// pause state) and every running execution (STARTING, STARTED or STOPPING) of any job in the database.
    ///
    /// A schedule's pause state is the one `pause`/`resume` stored, or else the job file's `paused:`.
    /// - Throws: ``CommandError`` `STORE_UNAVAILABLE`.
    func listing() async throws(CommandError) -> [String: JSONValue] {
        let store = jobOperator.launcher.store
        let entries = jobOperator.registry.entries
        let states: [String: BatchwireStateStore.ScheduleState]
        var running: [JobExecution] = []
        do {
            states = Dictionary(
                try await store.state.scheduleStates().map { ($0.scheduleID, $0) },
                uniquingKeysWith: { _, last in last }
            )
            let names = Set(entries.map(\.definition.name)).union(try await store.explorer.getJobNames())
            for name in names.sorted() {
                running += try await store.explorer.findRunningJobExecutions(jobName: name)
            }
        } catch {
            throw CommandError.from(error)
        }
        let zone = store.configuration.timeZone
        let jobs: [JSONValue] = entries.map { entry in
            let job = entry.definition
            let schedules: [JSONValue] = job.schedules.enumerated().map { index, schedule in
                let id = ScheduleIdentity.id(job: job.name, schedule: schedule, index: index)
                var fields: [String: JSONValue] = ["id": .string(id), "paused": .bool(schedule.paused)]
                if let state = states[id] {
                    fields["paused"] = .bool(state.isPaused)
                    if state.isPaused, let reason = state.reason { fields["reason"] = .string(reason) }
                }
                return .object(fields)
            }
            return .object([
                "name": .string(job.name), "mqttTrigger": .bool(job.mqttTrigger), "schedules": .array(schedules),
            ])
        }
        let executions: [JSONValue] = running.sorted { $0.id < $1.id }.map { execution in
            var fields: [String: JSONValue] = [
                "executionId": .integer(execution.id), "job": .string(execution.jobName),
                "status": .string(execution.status.name),
            ]
            if let start = execution.startTime {
                fields["startTime"] = .string(EventTimestamp.format(start.instant(in: zone)))
            }
            return .object(fields)
        }
        return ["jobs": .array(jobs), "running": .array(executions)]
    }
}
