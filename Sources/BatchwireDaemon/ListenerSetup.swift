import BatchwireCore
import BatchwireListeners
import BatchwireMQTT
import BatchwireRuntime
import BatchwireStore
import Logging

/// The job status listeners a configuration asks for, made through the ``ListenerRegistry`` (Flink's
/// factory pattern): the `listeners` setting names factories; `mqtt` is added whenever a broker is
/// configured (it wakes the outbox relay) and `openlineage-http` whenever `openlineage-url` is set.
enum ListenerSetup {
    /// - Throws: ``ListenerRegistryError`` naming an unknown factory or a bad option, with what to do.
    static func listeners(
        configuration: BatchwireConfiguration, store: MetadataStore, relay: OutboxRelay<ContinuousClock>?, logger: Logger
    ) throws -> [NamedListener] {
        var registry = ListenerRegistry()
        if let relay { try registry.register(MQTTPublisherListenerFactory(relay: relay)) }
        try registry.register(OpenLineageHTTPListenerFactory(store: store.state, logger: logger))
        var names = configuration.listeners
        if relay != nil, !names.contains(MQTTPublisherListenerFactory.name) { names.append(MQTTPublisherListenerFactory.name) }
        var options: [String: String] = [:]
        for (name, value) in configuration.listenerOptions {
            options[ListenerRegistry.optionPrefix + name] = value
        }
        let lineage = OpenLineageHTTPListenerFactory.name
        if let url = configuration.openLineageURL {
            if !names.contains(lineage) { names.append(lineage) }
            options[ListenerRegistry.optionPrefix + lineage + ".url"] = url.absoluteString
            if let key = configuration.openLineageAPIKey { options[ListenerRegistry.optionPrefix + lineage + ".api-key"] = key }
        }
        options[ListenerRegistry.listenersKey] = names.joined(separator: ",")
        for name in configuration.listenerOptions.keys.sorted() {
            let listener = String(name.prefix { $0 != "." })
            guard names.contains(listener) else {
                throw ListenerRegistryError(
                    code: .invalidConfiguration, listenerName: listener,
                    message: "listener-options sets '\(name)', but no listener \(listener) is created; add it to "
                        + "listeners (now: \(names.joined(separator: ", "))) or drop the option")
            }
        }
        return try registry.makeListeners(configuration: options)
    }
}
