import BatchwireCore
import Foundation

/// An OpenLineage RunEvent (spec 2-0-2), as published on `<prefix>/lineage/<job>` and posted to
/// lineage servers. Facets are kept as JSON values, exactly as they are sent.
public struct OpenLineageRunEvent: Sendable, Hashable, Codable {
    /// The run and its facets.
    public struct Run: Sendable, Hashable, Codable {
        /// The run id (see ``OpenLineageEventBuilder/runId(executionId:)``).
        public var runId: UUID
        /// Run facets by name (`nominalTime`, `parent`, `errorMessage`, `processing_engine`).
        public var facets: [String: JSONValue]

        /// A run.
        public init(runId: UUID, facets: [String: JSONValue] = [:]) {
            self.runId = runId
            self.facets = facets
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .runId)
            guard let runId = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .runId, in: container, debugDescription: "runId '\(text)' is not a UUID")
            }
            self.runId = runId
            facets = try container.decodeIfPresent([String: JSONValue].self, forKey: .facets) ?? [:]
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(runId.uuidString.lowercased(), forKey: .runId)
            try container.encode(facets, forKey: .facets)
        }

        private enum CodingKeys: String, CodingKey {
            case runId, facets
        }
    }

    /// The job and its facets.
    public struct Job: Sendable, Hashable, Codable {
        /// The job namespace (Batchwire's configured namespace).
        public var namespace: String
        /// The job name.
        public var name: String
        /// Job facets by name (`jobType`).
        public var facets: [String: JSONValue]

        /// A job.
        public init(namespace: String, name: String, facets: [String: JSONValue] = [:]) {
            self.namespace = namespace
            self.name = name
            self.facets = facets
        }
    }

    /// The transition.
    public var eventType: OpenLineageEventType
    /// When it happened (written as ISO-8601 UTC with milliseconds).
    public var eventTime: Date
    /// The run.
    public var run: Run
    /// The job.
    public var job: Job
    /// The datasets read.
    public var inputs: [EventDataset]
    /// The datasets written.
    public var outputs: [EventDataset]
    /// A URI identifying the producer (Batchwire and its version).
    public var producer: String
    /// The schema this event follows.
    public var schemaURL: String

    /// An event with every field given.
    public init(
        eventType: OpenLineageEventType, eventTime: Date, run: Run, job: Job, inputs: [EventDataset],
        outputs: [EventDataset], producer: String, schemaURL: String
    ) {
        self.eventType = eventType
        self.eventTime = EventTimestamp.normalized(eventTime)
        self.run = run
        self.job = job
        self.inputs = inputs
        self.outputs = outputs
        self.producer = producer
        self.schemaURL = schemaURL
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventType = try container.decode(OpenLineageEventType.self, forKey: .eventType)
        let time = try container.decode(String.self, forKey: .eventTime)
        guard let eventTime = EventTimestamp.parse(time) else {
            throw DecodingError.dataCorruptedError(
                forKey: .eventTime, in: container, debugDescription: "eventTime '\(time)' is not an ISO-8601 instant")
        }
        self.eventTime = eventTime
        run = try container.decode(Run.self, forKey: .run)
        job = try container.decode(Job.self, forKey: .job)
        inputs = try container.decodeIfPresent([EventDataset].self, forKey: .inputs) ?? []
        outputs = try container.decodeIfPresent([EventDataset].self, forKey: .outputs) ?? []
        producer = try container.decode(String.self, forKey: .producer)
        schemaURL = try container.decode(String.self, forKey: .schemaURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(EventTimestamp.format(eventTime), forKey: .eventTime)
        try container.encode(run, forKey: .run)
        try container.encode(job, forKey: .job)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(producer, forKey: .producer)
        try container.encode(schemaURL, forKey: .schemaURL)
    }

    /// The payload: UTF-8 JSON with sorted keys and unescaped slashes, byte for byte what
    /// `BatchwireEvent.makeEncoder().encode(self)` writes (written without the encoder, which is slower).
    ///
    /// - Throws: `EncodingError` only if a facet holds a non-finite number.
    public func jsonData() throws -> Data {
        Data(try jsonBytes(capacity: 2048))
    }

    private enum CodingKeys: String, CodingKey {
        case eventType, eventTime, run, job, inputs, outputs, producer, schemaURL
    }
}
