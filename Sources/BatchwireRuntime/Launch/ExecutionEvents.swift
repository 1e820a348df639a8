import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation

/// Builds the events of executions and their outbox rows.
struct ExecutionEvents: Sendable {
    let node: String
    let topics: MQTTTopics
    let zone: TimeZone

    func instant(_ time: LocalDateTime) -> Date { time.instant(in: zone) }

    func created(_ execution: JobExecution, lineage: EventLineage, fireTime: Date?, sequence: Int64) -> BatchwireEvent {
        .jobCreated(
            JobCreatedEvent(execution: execution, lineage: lineage, node: node, sequence: sequence, fireTime: fireTime))
    }

    func job(_ execution: JobExecution, previous: BatchStatus?, sequence: Int64) -> BatchwireEvent {
        .jobStatusChanged(
            JobStatusChangedEvent(
                sequence: sequence, node: node, jobName: execution.jobName, jobInstanceId: execution.jobInstance.id,
                jobExecutionId: execution.id, previousStatus: previous, status: execution.statusToPersist,
                exitCode: execution.exitStatus.exitCode, exitDescription: execution.exitStatus.exitDescription,
                createTime: instant(execution.createTime), startTime: execution.startTime.map(instant),
                endTime: execution.endTime.map(instant)))
    }

    func step(_ step: StepExecution, of execution: JobExecution, previous: BatchStatus?, sequence: Int64)
        -> BatchwireEvent
    {
        .stepStatusChanged(
            StepStatusChangedEvent(
                sequence: sequence, node: node, jobName: execution.jobName, jobInstanceId: execution.jobInstance.id,
                jobExecutionId: execution.id, stepExecutionId: step.id, stepName: step.stepName,
                previousStatus: previous, status: step.status, exitCode: step.exitStatus.exitCode,
                exitDescription: step.exitStatus.exitDescription, createTime: instant(step.createTime),
                startTime: step.startTime.map(instant), endTime: step.endTime.map(instant)))
    }

    /// The outbox row of `event`: its JSON on `<prefix>/events/<job>`.
    func outbox(_ event: BatchwireEvent) -> OutboxEvent {
        let payload = (try? event.jsonString()) ?? "{}"
        return OutboxEvent(topic: topics.events(job: event.jobName), payload: payload, createdAt: event.timestamp)
    }
}
