/// The messages of one subscription, as an `AsyncSequence`.
///
/// Iterate it once, from one task. The sequence ends normally after ``MQTTClient/unsubscribe(_:)``
/// or ``MQTTClient/disconnect()``, and throws ``MQTTError`` if the broker refuses the subscription
/// when the client re-subscribes after a reconnect. It survives connection losses: the client sends
/// the subscription again after every reconnect.
///
/// Dropping the sequence (or cancelling the task iterating it) ends this consumer; when a filter's
/// last consumer ends, the client unsubscribes from it.
///
/// Messages are buffered without limit until read. A QoS 1 or 2 message is acknowledged to the
/// broker when it enters the buffer, not when it is read.
public struct MQTTSubscription: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage

    /// The topic filter, as given to ``MQTTClient/subscribe(_:qos:options:)``.
    public let filter: String
    /// The QoS the broker granted.
    public let grantedQoS: MQTTQoS
    let stream: AsyncThrowingStream<MQTTMessage, any Error>

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }

    /// Iterates the messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<MQTTMessage, any Error>.AsyncIterator

        /// The next message, or `nil` when the subscription ended.
        /// - Throws: ``MQTTError`` if the broker refused a re-subscription; `CancellationError`.
        public mutating func next() async throws -> MQTTMessage? {
            try await base.next()
        }
    }
}
