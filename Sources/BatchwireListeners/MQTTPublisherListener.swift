import BatchwireCore
import BatchwireMQTT

/// The MQTT publisher as a listener plugin: on each event it wakes the ``OutboxRelay`` so the event
/// goes out to the broker now instead of at the relay's next poll.
///
/// It never publishes itself. The launcher writes each event to the outbox in the same transaction
/// as the status change and only then dispatches it, so when this listener runs the event is already
/// in the outbox; the relay publishes it from there with QoS 1, in order per execution, and marks it
/// delivered on PUBACK. Publishing from the listener as well would give a second, unordered copy,
/// and a listener's queue may drop events under load while the outbox never does.
///
/// Created by ``MQTTPublisherListenerFactory`` (configuration name `mqtt`).
public struct MQTTPublisherListener: JobStatusChangedListener {
    private let wake: @Sendable () -> Void

    /// A listener that calls `wake` for every event.
    ///
    /// - Parameter wake: wakes the relay, usually `{ relay.notify() }`. Called on the listener's own
    ///   task; it must return quickly (``OutboxRelay/notify()`` does).
    public init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    public func onEvent(_ event: BatchwireEvent) async throws {
        wake()
    }
}
