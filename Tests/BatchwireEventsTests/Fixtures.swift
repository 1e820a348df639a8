import BatchwireCore
import Foundation

/// Events with every field filled, and minimal ones.
enum Fixtures {
    static let instant = Date(timeIntervalSince1970: 1_768_444_200.123)  // 2026-01-15T02:30:00.123Z
    static let fire = Date(timeIntervalSince1970: 1_768_444_200)

    static var allParameterTypes: JobParameters {
        var parameters = JobParameters()
        parameters["region"] = JobParameter(.string("eu-west, with/slash"), identifying: true)
        parameters["run.id"] = JobParameter(.long(42))
        parameters["ratio"] = JobParameter(.double(0.1), identifying: false)
        parameters["at"] = JobParameter(.date(millisecondsSince1970: 1_768_444_200_123))
        parameters["day"] = JobParameter(.localDate(LocalDate(year: 2026, month: 1, day: 15)!))
        parameters["when"] = JobParameter(
            .localDateTime(LocalDateTime(year: 2026, month: 1, day: 15, hour: 2, minute: 30, nanosecond: 500_000_000)!))
        parameters["count"] = JobParameter(.integer(-7), identifying: false)
        parameters["dry"] = JobParameter(.boolean(true), identifying: false)
        parameters["cutoff"] = JobParameter(.localTime(LocalTime(hour: 23, minute: 59, second: 1)!))
        return parameters
    }

    static let facetSchemas = "https://openlineage.io/spec/facets/"

    static var lineage: EventLineage {
        EventLineage(
            inputs: [
                EventDataset(
                    namespace: "mysql://orders-db:3306", name: "shop.orders",
                    facets: [
                        "schema": [
                            "_producer": "urn:batchwire:test",
                            "_schemaURL": .string(
                                facetSchemas + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"),
                            "fields": [["name": "id", "type": "BIGINT"], ["name": "total", "type": "DECIMAL"]],
                        ],
                        "dataSource": [
                            "_producer": "urn:batchwire:test",
                            "_schemaURL": .string(
                                facetSchemas + "1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet"),
                            "name": "orders-db", "uri": "mysql://orders-db:3306",
                        ],
                    ])
            ],
            outputs: [EventDataset(namespace: "s3://analytics-lake", name: "orders/daily")])
    }

    static let parent = EventParentRun(
        namespace: "airflow", name: "nightly.orders", runId: UUID(uuidString: "0f8e4c52-6f3d-4c9a-9d2e-1a2b3c4d5e6f")!)

    static var created: JobCreatedEvent {
        JobCreatedEvent(
            eventId: UUID(uuidString: "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed")!, sequence: 1, timestamp: instant,
            node: "node-a", jobName: "nightly-orders", jobInstanceId: 7, jobExecutionId: 42,
            jobKey: "0123456789abcdef0123456789abcdef", parameters: allParameterTypes, lineage: lineage, fireTime: fire,
            parent: parent)
    }

    static var minimalCreated: JobCreatedEvent {
        JobCreatedEvent(
            timestamp: instant, node: "n", jobName: "j", jobInstanceId: 1, jobExecutionId: 1,
            jobKey: "d41d8cd98f00b204e9800998ecf8427e", parameters: JobParameters())
    }

    static func status(
        _ previous: BatchStatus?, _ status: BatchStatus, exitCode: String = "UNKNOWN", description: String = "",
        sequence: Int64 = 2, ended: Bool = false
    ) -> JobStatusChangedEvent {
        JobStatusChangedEvent(
            sequence: sequence, timestamp: instant.addingTimeInterval(5), node: "node-a", jobName: "nightly-orders",
            jobInstanceId: 7, jobExecutionId: 42, previousStatus: previous, status: status, exitCode: exitCode,
            exitDescription: description, createTime: instant,
            startTime: previous == nil ? nil : instant.addingTimeInterval(1),
            endTime: ended ? instant.addingTimeInterval(60) : nil)
    }

    static var step: StepStatusChangedEvent {
        StepStatusChangedEvent(
            sequence: 4, timestamp: instant, node: "node-a", jobName: "nightly-orders", jobInstanceId: 7,
            jobExecutionId: 42, stepExecutionId: 99, stepName: "extract", previousStatus: .started, status: .failed,
            exitCode: "FAILED", exitDescription: "exit code 3\nstderr tail: boom", createTime: instant,
            startTime: instant, endTime: instant.addingTimeInterval(2))
    }

    static var skipped: ScheduleFireEvent {
        ScheduleFireEvent(
            sequence: 12, timestamp: instant, node: "node-b", jobName: "nightly-orders", schedule: "nightly-orders#0",
            fireTime: fire, outcome: .skipped, policy: "overlap: skip", reason: "execution 42 was still running",
            runningExecutionId: 42)
    }

    static var missed: ScheduleFireEvent {
        ScheduleFireEvent(
            sequence: 13, timestamp: instant, node: "node-b", jobName: "nightly-orders", schedule: "nightly-orders#1",
            fireTime: fire, outcome: .missed, policy: "misfire: none",
            reason: "the slot passed while no node was running")
    }

    static var triggerStarted: TriggerFireEvent {
        TriggerFireEvent(
            sequence: 1_796_000_000_000, timestamp: instant, node: "node-a", jobName: "line-report",
            trigger: "line-report#trigger-1", kind: "mqtt", source: "plant/L7/batch-ready",
            messageKey: "8f14e45fceea167a5a36dedd4bea2543", outcome: .started, reason: "started execution 77",
            jobExecutionId: 77)
    }

    static var triggerFromUpstream: TriggerFireEvent {
        TriggerFireEvent(
            sequence: 1_796_000_000_001, timestamp: instant, node: "node-b", jobName: "daily-report",
            trigger: "daily-report#trigger-1", kind: "dataset", source: "orders-export execution 76",
            messageKey: "execution:76", outcome: .skipped, reason: "execution 70 was still running (overlap: skip)",
            runningExecutionId: 70, upstreamExecutionId: 76)
    }

    /// One of each event type and shape.
    static var allEvents: [BatchwireEvent] {
        [
            .jobCreated(created), .jobCreated(minimalCreated), .jobStatusChanged(status(nil, .starting, sequence: 2)),
            .jobStatusChanged(status(.starting, .started, sequence: 3)),
            .jobStatusChanged(
                status(
                    .started, .failed, exitCode: "FAILED", description: "step extract failed", sequence: 5, ended: true)
            ),
            .stepStatusChanged(step), .scheduleFire(skipped), .scheduleFire(missed),
            .triggerFire(triggerStarted), .triggerFire(triggerFromUpstream),
        ]
    }
}
