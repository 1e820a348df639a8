import BatchwireCore
import BatchwireMQTT
import BatchwireStore
import Foundation
import Logging

/// Posts the OpenLineage RunEvent of every job status change (START, RUNNING, COMPLETE, FAIL, ABORT,
/// OTHER; see ``OpenLineageEventBuilder``) as JSON to an HTTP endpoint such as Marquez's
/// `/api/v1/lineage` or DataHub's OpenLineage endpoint. OpenLineage has no MQTT transport; this is
/// its HTTP transport.
///
/// The lineage, nominal time and parent of a run come from its job-created event: remembered when
/// the listener receives it, else read from the outbox (the execution's first event), exactly as
/// the ``OutboxRelay`` does for `<prefix>/lineage/<job>`, so both carry the same RunEvents.
///
/// Delivery: a 2xx is success. A 5xx, 408, 429 or a connection error (refused, timed out, reset) is
/// tried again after ``OpenLineageHTTPConfiguration/retryBackoff``, doubling, up to
/// ``OpenLineageHTTPConfiguration/maxAttempts`` tries. Any other status (a 4xx: a bad request, a
/// wrong API key) drops the event at once. A dropped event is logged as an error and thrown as an
/// ``OpenLineageHTTPError``, which the ``ListenerDispatcher`` counts as failed; the next event is
/// then tried. Runs never wait for this listener: the dispatcher gives it a queue and task of its own.
///
/// Created by ``OpenLineageHTTPListenerFactory`` (configuration name `openlineage-http`).
public actor OpenLineageHTTPListener<C: Clock>: JobStatusChangedListener where C.Duration == Duration {
    /// The endpoint and retry settings.
    public nonisolated let configuration: OpenLineageHTTPConfiguration
    /// Builds the RunEvents (its namespace is the configured one).
    public nonisolated let builder: OpenLineageEventBuilder
    private var contexts: LineageContextCache
    private let transport: any OpenLineageHTTPTransport
    private let headers: [String: String]
    private let clock: C
    private let logger: Logger

    /// A listener.
    ///
    /// - Parameters:
    ///   - configuration: the endpoint, API key, timeout and retry settings.
    ///   - builder: builds the RunEvents; ``OpenLineageHTTPConfiguration/namespace``, when set,
    ///     replaces its namespace. Use the relay's builder so both transports agree on run ids.
    ///   - store: the outbox, read for a run's job-created event when the listener did not receive it.
    ///   - clock: the clock retries wait on.
    ///   - logger: where retries (warning) and dropped events (error) are logged.
    public init(
        configuration: OpenLineageHTTPConfiguration, builder: OpenLineageEventBuilder = OpenLineageEventBuilder(),
        store: BatchwireStateStore, clock: C, logger: Logger
    ) {
        self.init(
            configuration: configuration, builder: builder, store: store, clock: clock, logger: logger,
            transport: URLSessionOpenLineageTransport())
    }

    /// A listener with its own transport (tests).
    init(
        configuration: OpenLineageHTTPConfiguration, builder: OpenLineageEventBuilder, store: BatchwireStateStore,
        clock: C, logger: Logger, transport: any OpenLineageHTTPTransport
    ) {
        var builder = builder
        if let namespace = configuration.namespace { builder.namespace = namespace }
        var headers = [
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "batchwire/\(builder.engineVersion)",
        ]
        if let apiKey = configuration.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        self.configuration = configuration
        self.builder = builder
        self.contexts = LineageContextCache(store: store)
        self.transport = transport
        self.headers = headers
        self.clock = clock
        self.logger = logger
    }

    /// Remembers job-created events and posts the RunEvent of job status changes; ignores the rest.
    ///
    /// - Throws: ``OpenLineageHTTPError`` when the event was dropped (refused, or every try failed);
    ///   `CancellationError` when the dispatcher shuts the listener down during a retry.
    public func onEvent(_ event: BatchwireEvent) async throws {
        switch event {
        case .jobCreated(let created):
            contexts.remember(created)
        case .jobStatusChanged(let change):
            // The cache is copied out across the await (an actor's property cannot be passed inout to
            // an async call); the dispatcher calls one event at a time, so nothing is lost.
            var cache = contexts
            let context = await cache.context(for: change.jobExecutionId, logger: logger)
            contexts = cache
            guard let runEvent = builder.runEvent(for: change, context: context) else { return }
            try await post(try runEvent.jsonData(), runEvent: runEvent, change: change)
        case .stepStatusChanged, .scheduleFire, .triggerFire:
            return
        }
    }

    /// Posts one body, retrying as described above.
    private func post(_ body: Data, runEvent: OpenLineageRunEvent, change: JobStatusChangedEvent) async throws {
        var metadata: Logger.Metadata = [
            "openlineage.url": "\(configuration.redactedURL)",
            "openlineage.event_type": "\(runEvent.eventType.rawValue)",
            "openlineage.run_id": "\(runEvent.run.runId.uuidString.lowercased())",
            "batchwire.job": "\(change.jobName)",
            "batchwire.execution_id": "\(change.jobExecutionId)",
        ]
        var attempt = 0
        while true {
            attempt += 1
            metadata["openlineage.attempt"] = "\(attempt)"
            let failure: String
            var lastStatus: Int?
            do {
                let response = try await transport.post(
                    body, to: configuration.url, headers: headers, timeout: configuration.timeout)
                switch response.status {
                case 200..<300:
                    logger.trace("OpenLineage event posted", metadata: metadata)
                    return
                case 408, 429, 500..<600:
                    lastStatus = response.status
                    failure = "HTTP \(response.status)"
                default:
                    metadata["http.status"] = "\(response.status)"
                    metadata["http.response"] = "\(Self.excerpt(response.body))"
                    logger.error("OpenLineage endpoint refused the event; dropped", metadata: metadata)
                    throw OpenLineageHTTPError(
                        code: .rejected, status: response.status,
                        message: "\(configuration.redactedURL) answered HTTP \(response.status) to the "
                            + "\(runEvent.eventType.rawValue) event of \(change.jobName) execution "
                            + "\(change.jobExecutionId); it was dropped. Check the url and api-key options "
                            + "and the endpoint's log (response: \(Self.excerpt(response.body)))")
                }
            } catch let error as OpenLineageHTTPError {
                throw error
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                failure = Self.describe(error)
            }
            metadata["error"] = "\(failure)"
            guard attempt < configuration.maxAttempts else {
                metadata["openlineage.retry_in"] = nil
                logger.error("OpenLineage endpoint failed on every try; event dropped", metadata: metadata)
                throw OpenLineageHTTPError(
                    code: .retriesExhausted, status: lastStatus,
                    message: "\(configuration.redactedURL) failed \(attempt) time(s) for the "
                        + "\(runEvent.eventType.rawValue) event of \(change.jobName) execution "
                        + "\(change.jobExecutionId) (last: \(failure)); it was dropped. Check that the endpoint is up, "
                        + "or raise max-attempts / retry-backoff")
            }
            let wait = configuration.backoff(afterAttempt: attempt)
            metadata["openlineage.retry_in"] = "\(wait)"
            logger.warning("OpenLineage post failed; retrying", metadata: metadata)
            try await clock.sleep(for: wait)
        }
    }

    /// A connection error in one line: Foundation's URL errors print their whole user-info dictionary.
    private static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        let reason = urlError.userInfo[NSLocalizedDescriptionKey] as? String ?? urlError.localizedDescription
        return "connection error \(urlError.code.rawValue): \(reason)"
    }

    /// The start of a response body as text, for logs.
    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return body.count > 300 ? text + "…" : text
    }
}

extension OpenLineageHTTPListener where C == ContinuousClock {
    /// A listener whose retries wait on the continuous clock.
    ///
    /// - Parameters:
    ///   - configuration: the endpoint, API key, timeout and retry settings.
    ///   - builder: builds the RunEvents (the configured namespace replaces its own).
    ///   - store: the outbox, read for a run's job-created event when the listener did not receive it.
    ///   - logger: where retries (warning) and dropped events (error) are logged.
    public init(
        configuration: OpenLineageHTTPConfiguration, builder: OpenLineageEventBuilder = OpenLineageEventBuilder(),
        store: BatchwireStateStore, logger: Logger
    ) {
        self.init(
            configuration: configuration, builder: builder, store: store, clock: ContinuousClock(), logger: logger)
    }
}
