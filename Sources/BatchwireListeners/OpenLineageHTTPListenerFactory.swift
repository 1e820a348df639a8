import BatchwireMQTT
import BatchwireStore
import Logging

/// Makes ``OpenLineageHTTPListener``s; configuration name `openlineage-http`. The options are those
/// of ``OpenLineageHTTPConfiguration`` (`url`, `api-key`, `timeout`, `namespace`, `max-attempts`,
/// `retry-backoff`):
///
/// ```
/// job-status-changed-listeners: mqtt, openlineage-http
/// job-status-changed-listener.openlineage-http.url: http://marquez:5000/api/v1/lineage
/// job-status-changed-listener.openlineage-http.api-key: s3cret
/// ```
public struct OpenLineageHTTPListenerFactory: JobStatusChangedListenerFactory {
    /// `openlineage-http`.
    public static let name = "openlineage-http"

    private let store: BatchwireStateStore
    private let builder: OpenLineageEventBuilder
    private let logger: Logger

    /// A factory.
    ///
    /// - Parameters:
    ///   - store: the outbox (``MetadataStore/state``), read for a run's job-created event.
    ///   - builder: the RunEvent builder, normally the relay's (``OutboxRelayConfiguration/lineage``)
    ///     so MQTT and HTTP carry the same events; the `namespace` option replaces its namespace.
    ///   - logger: where the listeners log retries and dropped events.
    public init(
        store: BatchwireStateStore, builder: OpenLineageEventBuilder = OpenLineageEventBuilder(), logger: Logger
    ) {
        self.store = store
        self.builder = builder
        self.logger = logger
    }

    public var name: String { Self.name }

    /// Makes a listener.
    ///
    /// - Parameter configuration: the options, keys without the prefix.
    /// - Throws: ``ListenerRegistryError`` (`invalidConfiguration`) naming the bad option.
    public func make(configuration: [String: String]) throws -> any JobStatusChangedListener {
        OpenLineageHTTPListener(
            configuration: try OpenLineageHTTPConfiguration(options: configuration), builder: builder, store: store,
            logger: logger)
    }
}
