import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import BatchwireStore
import Foundation

/// Builds the events of executions and their outbox rows.
///
/// The store writes an execution's events in the transaction of the change they report and hands each
/// builder the execution's next sequence number, so an event's `sequence` is always its outbox row's
/// `SEQUENCE_NUMBER` (1, 2, 3 … without gaps), whichever process or node wrote it.
struct ExecutionEvents: Sendable {
    let node: String
    let topics: MQTTTopics
    let zone: TimeZone

    /// Events of `node`'s executions, published under `topicPrefix` (the configured `topic-prefix`; the
    /// default prefix if it is not a valid one, which configuration loading has refused already).
    init(node: String, topicPrefix: String, zone: TimeZone) {
        self.node = node
        self.topics = MQTTTopics(configuredPrefix: topicPrefix)
        self.zone = zone
    }

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

    func step(
        _ step: StepExecution, of execution: JobExecution, previous: BatchStatus?, sequence: Int64
    )
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

    /// The outbox row of an event the store does not number (a schedule event, numbered by its slot): its
    /// JSON on `<prefix>/events/<job>`.
    func outbox(_ event: BatchwireEvent) -> OutboxEvent {
        let topic = topics.events(job: event.jobName)
        return (try? OutboxEvent(event, topic: topic)) ?? OutboxEvent(topic: topic, payload: "{}", createdAt: event.timestamp)
    }

    /// `event` with its outbox row: its JSON on `<prefix>/events/<job>`.
    /// - Throws: `EncodingError` if the event cannot be written as JSON (the store then writes nothing).
    func recorded(_ event: BatchwireEvent) throws -> RecordedEvent {
        RecordedEvent(
            event: event,
            outboxEvent: try OutboxEvent(event, topic: topics.events(job: event.jobName)))
    }

    /// The job status change of `execution` as saved, numbered by the store.
    func jobChange(previous: BatchStatus?) -> @Sendable (JobExecution, inout OutboxSequence) throws -> [RecordedEvent] {
        { execution, sequence in [try recorded(job(execution, previous: previous, sequence: sequence.next()))] }
    }

    /// The status change of `step` as saved, numbered by the store.
    func stepChange(
        of execution: JobExecution, previous: BatchStatus?
    )
        -> @Sendable (StepExecution, inout OutboxSequence) throws -> [RecordedEvent]
    {
        { step, sequence in
            [try recorded(self.step(step, of: execution, previous: previous, sequence: sequence.next()))]
        }
    }
}

/// An event together with the outbox row it was written as: the store hands it back after the commit,
/// and the runtime passes ``event`` on to the listeners.
struct RecordedEvent: OutboxEventConvertible {
    let event: BatchwireEvent
    let outboxEvent: OutboxEvent
}

extension ListenerDispatcher {
    /// Hands each committed event to the listeners, in order.
    func dispatch(_ recorded: [RecordedEvent]) {
        for item in recorded { dispatch(item.event) }
    }
}
