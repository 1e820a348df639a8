import BatchwireMQTT

/// Makes ``MQTTPublisherListener``s; configuration name `mqtt`.
///
/// It has no options: the broker, credentials, TLS and topic prefix are the MQTT settings
/// (`BATCHWIRE_MQTT_*`) that the relay was built with. Register it with the relay to wake:
///
/// ```swift
/// var registry = ListenerRegistry()
/// try registry.register(MQTTPublisherListenerFactory(relay: relay))
/// ```
///
/// The factory takes a closure rather than the relay itself so that it does not depend on the
/// relay's clock type.
public struct MQTTPublisherListenerFactory: JobStatusChangedListenerFactory {
    /// `mqtt`.
    public static let name = "mqtt"

    private let wake: @Sendable () -> Void

    /// A factory whose listeners call `wake` on every event.
    ///
    /// - Parameter wake: wakes the outbox relay (``OutboxRelay/notify()``); must return quickly.
    public init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    /// A factory whose listeners wake `relay`.
    ///
    /// - Parameter relay: the outbox relay that publishes the events.
    public init<C: Clock>(relay: OutboxRelay<C>) where C.Duration == Duration {
        self.init(wake: { relay.notify() })
    }

    public var name: String { Self.name }

    /// Makes a listener.
    ///
    /// - Parameter configuration: must be empty.
    /// - Throws: ``ListenerRegistryError`` (`invalidConfiguration`) naming the first option given.
    public func make(configuration: [String: String]) throws -> any JobStatusChangedListener {
        if let key = configuration.keys.sorted().first {
            throw ListenerRegistryError(
                code: .invalidConfiguration, listenerName: Self.name,
                message: "unknown option '\(key)'; the mqtt listener has no options: the broker, credentials, TLS "
                    + "and topic prefix are the MQTT settings (BATCHWIRE_MQTT_URL, BATCHWIRE_MQTT_TOPIC_PREFIX, …)")
        }
        return MQTTPublisherListener(wake: wake)
    }
}
