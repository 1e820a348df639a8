import BatchwireCore
import MosquittoClient

/// One MQTT publish of an event: where, how and whether the broker keeps it.
public struct MQTTEventPublication: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The quality of service (always at least once for events).
    public var qos: MQTTQoS
    /// Whether the broker keeps it as the topic's retained message.
    public var retain: Bool

    /// A publication.
    public init(topic: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) {
        self.topic = topic
        self.qos = qos
        self.retain = retain
    }
}

extension MQTTTopics {
    /// Where an event's JSON (``BatchwireEvent/jsonData()``) goes: always `<prefix>/events/<job>`
    /// (QoS 1); a job status change also to `<prefix>/status/<job>` (QoS 1, retained). The lineage
    /// topic carries a different payload (``OpenLineageEventBuilder``), so it is not listed here.
    public func publications(for event: BatchwireEvent) -> [MQTTEventPublication] {
        var publications = [MQTTEventPublication(topic: events(job: event.jobName))]
        if case .jobStatusChanged = event {
            publications.append(MQTTEventPublication(topic: status(job: event.jobName), retain: true))
        }
        return publications
    }
}
