import BatchwireCore
import Foundation

/// Turns Batchwire events into OpenLineage RunEvents (spec 2-0-2). Stateless: the lineage, nominal
/// time and parent come in as an ``OpenLineageRunContext``.
///
/// | Batchwire job status | OpenLineage `eventType` |
/// | --- | --- |
/// | STARTING | none (the run has not started) |
/// | STARTED | START |
/// | STOPPING | RUNNING |
/// | COMPLETED | COMPLETE |
/// | FAILED | FAIL, with an `errorMessage` facet from the exit description |
/// | STOPPED | ABORT |
/// | ABANDONED | ABORT; OTHER when the run had already ended (abandoning a FAILED or STOPPED run) |
/// | UNKNOWN | OTHER |
///
/// Created, step and schedule events give none. The `runId` is a version 5 UUID of
/// `batchwire:<namespace>:<executionId>`, so every node derives the same one.
public struct OpenLineageEventBuilder: Sendable {
    /// The job namespace used when none is configured.
    public static let defaultNamespace = "batchwire"
    /// The `schemaURL` of every event: the RunEvent of spec 2-0-2.
    public static let schemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
    /// The version of Batchwire reported in `producer` and the `processing_engine` facet when none is given.
    public static let defaultEngineVersion = BatchwireVersion.current

    /// The OpenLineage job namespace.
    public var namespace: String
    /// The Batchwire version, for the `processing_engine` facet.
    public var engineVersion: String
    /// The `producer` URI of events and `_producer` of facets.
    public var producer: String

    /// A builder.
    ///
    /// - Parameters:
    ///   - namespace: the OpenLineage job namespace (default `batchwire`).
    ///   - engineVersion: the Batchwire version.
    ///   - producer: a URI identifying the producer; by default `urn:batchwire:<engineVersion>`.
    public init(
        namespace: String = OpenLineageEventBuilder.defaultNamespace,
        engineVersion: String = OpenLineageEventBuilder.defaultEngineVersion, producer: String? = nil
    ) {
        self.namespace = namespace
        self.engineVersion = engineVersion
        self.producer = producer ?? "urn:batchwire:\(engineVersion)"
    }

    /// The run id of an execution in ``namespace``; see ``runId(namespace:executionId:)``.
    public func runId(executionId: Int64) -> UUID {
        Self.runId(namespace: namespace, executionId: executionId)
    }

    /// The run id of an execution: the version 5 UUID (RFC 9562, URL namespace) of
    /// `batchwire:<namespace>:<executionId>`; in Python, `uuid.uuid5(uuid.NAMESPACE_URL, "batchwire:batchwire:42")`.
    ///
    /// - Parameters:
    ///   - namespace: the OpenLineage job namespace.
    ///   - executionId: `JOB_EXECUTION_ID`.
    public static func runId(namespace: String, executionId: Int64) -> UUID {
        NameBasedUUID.version5(namespace: NameBasedUUID.urlNamespace, name: "batchwire:\(namespace):\(executionId)")
    }

    /// The OpenLineage transition for a job status change, or `nil` when it has none (see the table above).
    public static func eventType(for change: JobStatusChangedEvent) -> OpenLineageEventType? {
        switch change.status {
        case .starting: nil
        case .started: .start
        case .stopping: .running
        case .completed: .complete
        case .failed: .fail
        case .stopped: .abort
        case .abandoned:
            switch change.previousStatus {
            case .failed?, .stopped?, .completed?, .abandoned?, .unknown?: .other
            default: .abort
            }
        case .unknown: .other
        }
    }

    /// The RunEvent for any Batchwire event, or `nil` for events that have none.
    ///
    /// - Parameters:
    ///   - event: the event.
    ///   - context: the execution's lineage, nominal time and parent.
    public func runEvent(for event: BatchwireEvent, context: OpenLineageRunContext) -> OpenLineageRunEvent? {
        guard case .jobStatusChanged(let change) = event else { return nil }
        return runEvent(for: change, context: context)
    }

    /// The RunEvent for a job status change, or `nil` when the status has none (STARTING).
    ///
    /// - Parameters:
    ///   - change: the status change.
    ///   - context: the execution's lineage, nominal time and parent.
    public func runEvent(for change: JobStatusChangedEvent, context: OpenLineageRunContext) -> OpenLineageRunEvent? {
        guard let eventType = Self.eventType(for: change) else { return nil }
        var runFacets: [String: JSONValue] = [
            "processing_engine": facet(
                OpenLineageFacetSchemas.processingEngine,
                [
                    "version": .string(engineVersion), "name": "Batchwire",
                    "openlineageAdapterVersion": .string(engineVersion),
                ])
        ]
        if let nominalTime = context.nominalTime {
            runFacets["nominalTime"] = facet(
                OpenLineageFacetSchemas.nominalTime, ["nominalStartTime": .string(EventTimestamp.format(nominalTime))])
        }
        if let parent = context.parent {
            runFacets["parent"] = facet(
                OpenLineageFacetSchemas.parent,
                [
                    "run": ["runId": .string(parent.runId.uuidString.lowercased())],
                    "job": ["namespace": .string(parent.namespace), "name": .string(parent.name)],
                ])
        }
        if eventType == .fail {
            let message =
                change.exitDescription.isEmpty
                ? "job \(change.jobName) execution \(change.jobExecutionId) failed with exit code \(change.exitCode)"
                : change.exitDescription
            runFacets["errorMessage"] = facet(
                OpenLineageFacetSchemas.errorMessage, ["message": .string(message), "programmingLanguage": "SWIFT"])
        }
        let jobFacets: [String: JSONValue] = [
            "jobType": facet(
                OpenLineageFacetSchemas.jobType,
                ["processingType": "BATCH", "integration": "BATCHWIRE", "jobType": "JOB"])
        ]
        return OpenLineageRunEvent(
            eventType: eventType, eventTime: eventTime(for: change, eventType),
            run: OpenLineageRunEvent.Run(runId: runId(executionId: change.jobExecutionId), facets: runFacets),
            job: OpenLineageRunEvent.Job(namespace: namespace, name: change.jobName, facets: jobFacets),
            inputs: context.lineage.inputs, outputs: context.lineage.outputs, producer: producer,
            schemaURL: Self.schemaURL)
    }

    /// START at the start time, terminal transitions at the end time, others when the event happened.
    private func eventTime(for change: JobStatusChangedEvent, _ eventType: OpenLineageEventType) -> Date {
        switch eventType {
        case .start: change.startTime ?? change.timestamp
        case .complete, .fail, .abort: change.endTime ?? change.timestamp
        case .running, .other: change.timestamp
        }
    }

    private func facet(_ schemaURL: String, _ fields: [String: JSONValue]) -> JSONValue {
        var object = fields
        object["_producer"] = .string(producer)
        object["_schemaURL"] = .string(schemaURL)
        return .object(object)
    }
}
