import BatchwireCore

extension OutboxEvent {
    /// The outbox row of a Batchwire event: its JSON (``BatchwireEvent/jsonString()``, the one writer of event
    /// payloads) on `topic`, created at its timestamp, with its routing columns (``OutboxRouting/init(_:)``).
    ///
    /// - Parameters:
    ///   - event: the event.
    ///   - topic: where the relay publishes it, `<prefix>/events/<job>`.
    /// - Throws: `EncodingError` only if a dataset facet holds a non-finite number.
    public init(_ event: BatchwireEvent, topic: String) throws {
        self.init(topic: topic, payload: try event.jsonString(), createdAt: event.timestamp, routing: OutboxRouting(event))
    }
}
