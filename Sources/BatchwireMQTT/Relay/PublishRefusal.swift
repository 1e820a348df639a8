import MosquittoClient

/// A publish the broker refused: it answered the message itself with a failure (an MQTT 5 PUBACK reason
/// code of 0x80 or more, such as 0x87 "not authorized" from an ACL) or the message can never be sent
/// (a topic that is not valid MQTT, a payload too large). Sending it again gets the same answer, unlike a
/// broker that is down, unreachable or reconnecting, which only delays it.
struct PublishRefusal: Sendable, Hashable {
    /// The outbox row whose publication was refused.
    let eventID: Int64
    /// The refusal in words (the `MQTTError` description: reason code, topic, what to do).
    let reason: String

    /// The refusal that `error` stands for, or `nil` when it is transient and the event must simply wait.
    init?(eventID: Int64, error: any Error) {
        guard let error = error as? MQTTError, Self.permanentCodes.contains(error.code) else { return nil }
        self.eventID = eventID
        self.reason = error.description
    }

    /// Refusals of the message itself. Everything else (`notConnected`, `connectionLost`, `unreachable`,
    /// `timeout`, `closed`, `library`, …) is about the connection and never dead-letters an event.
    private static let permanentCodes: [MQTTError.Code] = [.notAuthorized, .publishRejected, .invalidArgument]
}
