/// One event a job reacts to (`triggers:` in its job file): an MQTT message on a topic filter, or a
/// completed run of another job that lists a dataset among its lineage outputs.
public enum TriggerDefinition: Sendable, Equatable {
    /// `mqtt: {topic, parameters, debounce}`.
    case mqtt(MQTTTriggerDefinition)
    /// `dataset: {namespace, name}`.
    case dataset(DatasetTriggerDefinition)

    /// `mqtt` or `dataset`: the key the job file writes and the `kind` of its events.
    public var kind: String {
        switch self {
        case .mqtt: "mqtt"
        case .dataset: "dataset"
        }
    }

    /// The parameters the trigger gives each run, as templates.
    public var parameters: [TriggerParameterTemplate] {
        switch self {
        case .mqtt(let mqtt): mqtt.parameters
        case .dataset(let dataset): dataset.parameters
        }
    }

    /// What the trigger listens to, for people: the topic filter, or `<namespace>/<name>`.
    public var source: String {
        switch self {
        case .mqtt(let mqtt): mqtt.topic
        case .dataset(let dataset): "\(dataset.dataset.namespace)/\(dataset.dataset.name)"
        }
    }
}

/// An MQTT trigger: every message on `topic` (a filter, `+` and `#` allowed) starts a run.
public struct MQTTTriggerDefinition: Sendable, Equatable {
    /// The topic filter, e.g. `plant/+/batch-ready`.
    public var topic: String
    /// The job parameters taken from the message, in file order.
    public var parameters: [TriggerParameterTemplate]
    /// Messages within this many seconds of a window's start become one run (the last one's parameters);
    /// `nil` starts one run per message.
    public var debounceSeconds: Int?

    public init(topic: String, parameters: [TriggerParameterTemplate] = [], debounceSeconds: Int? = nil) {
        self.topic = topic
        self.parameters = parameters
        self.debounceSeconds = debounceSeconds
    }
}

/// A dataset trigger: every COMPLETED run of a job whose lineage outputs list the dataset starts a run.
public struct DatasetTriggerDefinition: Sendable, Equatable {
    /// The dataset, matched on namespace and name exactly.
    public var dataset: DatasetDefinition
    /// The job parameters taken from the upstream run (`${upstream.param.<name>}`, `${upstream.execution.id}`).
    public var parameters: [TriggerParameterTemplate]

    public init(dataset: DatasetDefinition, parameters: [TriggerParameterTemplate] = []) {
        self.dataset = dataset
        self.parameters = parameters
    }
}

/// The stable id of a job's trigger: `<job>#trigger-<position from 1>`, the key of its records, its pause
/// state and the `trigger` field of its events.
public enum TriggerIdentity {
    /// The id of the trigger at `index` (0-based) of `job`.
    public static func id(job: String, index: Int) -> String {
        "\(job)#trigger-\(index + 1)"
    }

    /// Every trigger id of `job`, in file order.
    public static func ids(of job: JobDefinition) -> [String] {
        job.triggers.indices.map { id(job: job.name, index: $0) }
    }
}
