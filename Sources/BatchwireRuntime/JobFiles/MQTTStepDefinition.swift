/// The `mqtt:` settings of a step: one message published through the node's broker connection per attempt,
/// and with `reply`, the wait for its answer (MQTT 5 request/response).
///
/// ```yaml
/// mqtt:
///   topic: plant/line1/commands
///   payload: '{"do":"flush","batch":"${param.batch}"}'
///   qos: 1                          # default 1
///   reply:                          # optional: wait for the answer
///     timeout: 2m
/// ```
public struct MQTTStepDefinition: Sendable, Hashable {
    /// The topic to publish to (no wildcards).
    public var topic: StepTemplate
    /// The payload, sent as UTF-8 text.
    public var payload: StepTemplate
    /// 0, 1 or 2 (default 1).
    public var qos: Int = 1
    /// How long to wait for the answer, in seconds; `nil` when the step does not wait for one.
    public var replyTimeoutSeconds: Double?

    /// The wait for an answer when `reply:` gives no `timeout` (30 s).
    public static let defaultReplyTimeoutSeconds: Double = 30

    /// Settings that publish `payload` to `topic` with QoS 1 and wait for no answer.
    public init(topic: StepTemplate, payload: StepTemplate) {
        self.topic = topic
        self.payload = payload
    }

    /// Whether the step waits for an answer.
    public var waitsForReply: Bool { replyTimeoutSeconds != nil }
}
