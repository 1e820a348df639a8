import BatchwireCore
import Foundation

/// What fired a trigger: an MQTT message, or the completion of an upstream run (dataset trigger).
public enum TriggerInput: Sendable, Hashable {
    /// A message on a trigger's topic.
    case message(TriggerMessage)
    /// A COMPLETED run of a job that writes the trigger's dataset.
    case upstream(UpstreamCompletion)

    /// The key that makes this input fire a trigger once across nodes: the message's identity, or
    /// `execution:<id>` of the upstream run.
    public var key: String {
        switch self {
        case .message(let message): message.key
        case .upstream(let completion): "execution:\(completion.executionID)"
        }
    }

    /// The topic, or the upstream job, for records and events.
    public var source: String {
        switch self {
        case .message(let message): message.topic
        case .upstream(let completion): "\(completion.jobName) execution \(completion.executionID)"
        }
    }
}

/// One MQTT message as a trigger sees it.
public struct TriggerMessage: Sendable, Hashable {
    /// The topic it was published to.
    public var topic: String
    /// The payload bytes.
    public var payload: [UInt8]
    /// The MQTT 5 user property `BW_EVENT_ID`, when the publisher gave one.
    public var eventID: String?

    public init(topic: String, payload: [UInt8], eventID: String? = nil) {
        self.topic = topic
        self.payload = payload
        self.eventID = eventID
    }

    /// The message's identity: MD5 (hex) of the topic, the payload and `BW_EVENT_ID`, separated so that no two
    /// different messages share their bytes. A broker's redelivery, or the same message reaching two nodes,
    /// has the same key; the publisher makes otherwise identical messages distinct with `BW_EVENT_ID`.
    public var key: String {
        var bytes = Array(topic.utf8)
        bytes.append(0)
        bytes += Array(String(payload.count).utf8)
        bytes.append(0)
        bytes += payload
        bytes.append(0)
        if let eventID { bytes += Array(eventID.utf8) }
        return MD5.hexDigest(bytes)
    }
}

/// The upstream run whose completion fires a dataset trigger.
public struct UpstreamCompletion: Sendable, Hashable {
    /// The upstream job.
    public var jobName: String
    /// Its COMPLETED execution.
    public var executionID: Int64
    /// The execution's parameters, for `${upstream.param.NAME}`.
    public var parameters: JobParameters

    public init(jobName: String, executionID: Int64, parameters: JobParameters) {
        self.jobName = jobName
        self.executionID = executionID
        self.parameters = parameters
    }
}
