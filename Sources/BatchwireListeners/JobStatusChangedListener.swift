import BatchwireCore
/// Receives every Batchwire event, as Flink's `JobStatusChangedListener` does: the created event
/// with the job's lineage, every job and step status change, and skipped or missed schedule fires.
///
/// Listeners are created by a ``JobStatusChangedListenerFactory`` named in configuration (see
/// ``ListenerRegistry``) and fed through a ``ListenerDispatcher``, which calls ``onEvent(_:)`` for
/// one listener one event at a time, in the order the events were dispatched, from a task of its
/// own: a listener may be slow or throw without delaying runs or other listeners.
///
/// Delivery is at least once when the events come from the outbox: a listener that must not act
/// twice drops events whose ``BatchwireEvent/eventId`` it has seen.
public protocol JobStatusChangedListener: Sendable {
    /// Handles one event.
    ///
    /// - Parameter event: the event.
    /// - Throws: any error; the dispatcher reports it and goes on with the next event.
    func onEvent(_ event: BatchwireEvent) async throws
}
