import BatchwireConcurrency
import BatchwireCore
import BatchwireStore
import Foundation
import Logging
import MosquittoClient
import Synchronization

/// Publishes the events of the outbox table (written in the same transaction as the status change
/// they report) to MQTT with QoS 1 and marks each delivered once the broker acknowledged all of its
/// publications, so a broker outage or a crash delays events but loses none (at-least-once: a
/// consumer drops duplicates by `eventId`).
///
/// Each pass reads the oldest pending events (by outbox id) and publishes them as one batch, handed to the
/// client in outbox order (see ``publish(_:)``), so the order of each execution
/// (``BatchwireEvent/orderingKey``) holds and the job's retained status is its latest; while a full batch is
/// published the next one is read and prepared. An event goes to `<prefix>/events/<job>` (its outbox
/// topic), a job status change also to `<prefix>/status/<job>` (retained) and, when
/// ``OutboxRelayConfiguration/lineage`` builds one, its OpenLineage RunEvent to
/// `<prefix>/lineage/<job>`. While the broker is down publishes wait in the client's queue, and a
/// database error makes the relay back off and try again: neither ever drops an event. A publish the
/// broker itself refuses (an MQTT 5 PUBACK reason code of 0x80 or more, such as an ACL's "not
/// authorized") is retried with backoff too, but after ``OutboxRelayConfiguration/deadLetterAfterAttempts``
/// refusals the event is moved to the dead letters (``BatchwireStateStore/deadLetters(limit:)``), logged as
/// an error and counted, so that the job's later events flow again. Delivered rows older than
/// ``OutboxRelayConfiguration/retention`` are deleted now and then.
///
/// The client must be connected (``MQTTClient/connect()``) by its owner; the relay never connects or
/// disconnects it. Several nodes sharing one outbox each run a relay with ``OutboxRelayConfiguration/lease``:
/// only the holder of the relay lease publishes (see ``run()``).
public final class OutboxRelay<C: Clock>: Sendable where C.Duration == Duration {
    /// The settings.
    public let configuration: OutboxRelayConfiguration
    let store: BatchwireStateStore
    private let client: MQTTClient
    let clock: C
    let logger: Logger
    let wake = WakeSignal()
    let counters = Mutex(OutboxRelayMetrics())
    /// While this relay holds the relay lease: until when (on `clock`) its last successful renewal holds.
    let lease = Mutex<C.Instant?>(nil)

    /// A relay.
    ///
    /// - Parameters:
    ///   - store: the outbox (``MetadataStore/state``).
    ///   - client: a connected MQTT client.
    ///   - configuration: topics, intervals, backoff and retention.
    ///   - clock: the clock every wait uses (tests inject their own).
    ///   - logger: where failures (warning) and passes (trace) are logged.
    public init(
        store: BatchwireStateStore,
        client: MQTTClient,
        configuration: OutboxRelayConfiguration,
        clock: C,
        logger: Logger
    ) {
        self.store = store
        self.client = client
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// The counters so far, and whether this relay publishes now (``OutboxRelayMetrics/holdsLease``).
    public var metrics: OutboxRelayMetrics {
        var metrics = counters.withLock { $0 }
        metrics.holdsLease = holdsLease
        return metrics
    }

    /// Whether this relay publishes now: always without ``OutboxRelayConfiguration/lease``; with one, while it
    /// holds the lease and its last renewal has not run out.
    public var holdsLease: Bool {
        guard configuration.lease != nil else { return true }
        let now = clock.now
        return lease.withLock { $0.map { now < $0 } ?? false }
    }

    /// Ends the current idle wait now: call it after writing events to the outbox.
    public func notify() {
        wake.signal()
    }

    /// Relays until the task is cancelled. Never throws: failures are logged, counted and retried.
    ///
    /// With ``OutboxRelayConfiguration/lease`` the relay publishes only while it holds the relay lease, which it
    /// tries to take (or renews) every third of the lease duration; it stops publishing when a renewal has not
    /// succeeded before the lease runs out. Cancelling the task does not give the lease up (another relay takes
    /// over once it expired): call ``releaseLease()`` after a graceful stop so another one takes over at once.
    public func run() async {
        guard let settings = configuration.lease else {
            await relayLoop()
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepLease(settings) }
            group.addTask { await self.relayLoop() }
            await group.waitForAll()
        }
    }

    private func relayLoop() async {
        var state = PassState(contexts: LineageContextCache(store: store))
        var failures = 0
        var nextPrune = clock.now
        while !Task.isCancelled {
            guard holdsLease else {
                // A standby: the lease keeper wakes it when it takes the lease.
                state.prefetched = nil
                await waitForWork(configuration.idleInterval)
                continue
            }
            if clock.now >= nextPrune {
                nextPrune = clock.now.advanced(by: configuration.pruneInterval)
                do {
                    try await prune()
                } catch where !Task.isCancelled {
                    logger.warning("outbox prune failed", metadata: ["error": "\(error)"])
                } catch {}
            }
            let outcome = await pass(&state)
            let wait: Duration
            switch outcome {
            case .failed:
                failures += 1
                wait = backoff(after: failures)
            case .busy:
                failures = 0
                wait = configuration.busyInterval
            case .idle:
                failures = 0
                wait = configuration.idleInterval
            }
            if outcome == .failed {
                try? await clock.sleep(for: wait)
            } else {
                await waitForWork(wait)
            }
        }
    }

    /// Deletes delivered events older than the retention now.
    ///
    /// - Returns: how many were deleted.
    /// - Throws: ``StoreError`` from the database.
    @discardableResult
    public func prune() async throws -> Int {
        let cutoff = Date().addingTimeInterval(-Self.seconds(configuration.retention))
        let count = try await store.pruneDeliveredEvents(deliveredBefore: cutoff)
        counters.withLock { $0.pruned += count }
        if count > 0 { logger.debug("pruned delivered outbox events", metadata: ["outbox.pruned": "\(count)"]) }
        return count
    }

    // MARK: One pass

    enum PassOutcome { case idle, busy, failed }

    /// What the relay loop carries from one pass to the next.
    struct PassState: Sendable {
        var contexts: LineageContextCache
        var refusals = RefusalCounter()
        /// The next batch, read and prepared while the previous one was being published.
        var prefetched: PreparedBatch?
        /// How many batches in a row were read after the previous one instead of from the oldest pending event.
        var chained = 0
    }

    /// A batch read from the outbox and ready to publish.
    struct PreparedBatch: Sendable {
        let deliveries: [RelayDelivery]
        /// The last `EVENT_ID` read: the next batch starts after it.
        let lastEventID: Int64
    }

    /// After this many batches read after their predecessor, the next one is read from the oldest pending event,
    /// so an event committed late with a smaller id waits at most this long.
    static var maxChainedBatches: Int { 16 }

    /// Reads one batch (or takes the one prefetched), publishes it, marks what was acknowledged and moves aside
    /// what the broker refused too often. While a full batch is published, the next one is read and prepared
    /// (events after the last one read); it is published next only if this batch had no failure, so a stream
    /// that stopped at a failure starts again from that event. A pass cut short by cancellation ends quietly:
    /// nothing is logged or counted.
    func pass(_ state: inout PassState) async -> PassOutcome {
        let batch: PreparedBatch
        if let prefetched = state.prefetched {
            batch = prefetched
            state.prefetched = nil
        } else {
            state.chained = 0
            do {
                guard let read = try await readBatch(after: nil, contexts: &state.contexts) else {
                    counters.withLock { $0.pending = 0 }
                    return .idle
                }
                batch = read
            } catch {
                if Task.isCancelled { return .failed }
                counters.withLock { $0.retried += 1 }
                logger.warning("reading the outbox failed", metadata: ["error": "\(error)"])
                return .failed
            }
        }
        let full = batch.deliveries.count >= configuration.batchSize && state.chained < Self.maxChainedBatches
        // The prefetch takes the cache (the only copy, so remembering does not copy it) and hands it back.
        let lent = full ? state.contexts.lend() : nil
        async let next: (batch: PreparedBatch?, contexts: LineageContextCache)? =
            if let lent { await prefetch(after: batch.lastEventID, contexts: lent) } else { nil }
        let published = await publish(batch.deliveries)
        if let next = await next {
            state.contexts = next.contexts
            state.prefetched = next.batch
            state.chained += 1
        }
        let pending = batch.deliveries.count
        if Task.isCancelled && published.delivered.isEmpty { return .failed }
        do {
            // Not cancellable: what the broker acknowledged is recorded even while shutting down, so a
            // restart does not publish it again.
            let store = self.store
            let delivered = published.delivered
            try await Task { try await store.markDelivered(eventIDs: delivered) }.value
        } catch {
            state.prefetched = nil
            counters.withLock { $0.retried += 1 }
            logger.warning("marking outbox events delivered failed", metadata: ["error": "\(error)"])
            return .failed
        }
        state.refusals.forget(published.delivered)
        let deadLettered = await deadLetter(published.refused, refusals: &state.refusals)
        counters.withLock {
            $0.published += published.delivered.count
            $0.publications += published.publications
            $0.retried += published.failures + published.refused.count - deadLettered
            $0.deadLettered += deadLettered
            $0.pending = pending - published.delivered.count - deadLettered
        }
        if published.delivered.count != pending {
            // Some stream stopped: the prefetched events may follow its failure; read again from the oldest.
            state.prefetched = nil
        }
        if published.failures > 0 || published.refused.count > deadLettered { return .failed }
        return pending >= configuration.batchSize || deadLettered > 0 ? .busy : .idle
    }

    /// Reads the pending events (all, or those after `eventID`) and prepares them; `nil` when there are none.
    private func readBatch(after eventID: Int64?, contexts: inout LineageContextCache) async throws -> PreparedBatch? {
        let rows = try await store.eventsToPublish(after: eventID, limit: configuration.batchSize)
        guard let last = rows.last else { return nil }
        var deliveries: [RelayDelivery] = []
        deliveries.reserveCapacity(rows.count)
        for row in rows {
            deliveries.append(await prepare(row, contexts: &contexts))
        }
        return PreparedBatch(deliveries: deliveries, lastEventID: last.id)
    }

    /// ``readBatch(after:contexts:)`` for the batch after `eventID`, run beside a publish; a failure only means
    /// no prefetched batch (the next pass reads again and reports it).
    private func prefetch(
        after eventID: Int64, contexts: LineageContextCache
    ) async -> (batch: PreparedBatch?, contexts: LineageContextCache) {
        var contexts = contexts
        let batch = try? await readBatch(after: eventID, contexts: &contexts)
        return (batch ?? nil, contexts)
    }

    /// Counts each refusal and moves the events refused ``OutboxRelayConfiguration/deadLetterAfterAttempts``
    /// times to the dead letters.
    /// - Returns: how many were moved.
    private func deadLetter(_ refused: [PublishRefusal], refusals: inout RefusalCounter) async -> Int {
        var moved = 0
        for refusal in refused {
            let attempts = refusals.record(refusal.eventID)
            let metadata: Logger.Metadata = [
                "outbox.event_id": "\(refusal.eventID)", "outbox.attempts": "\(attempts)",
                "outbox.max_attempts": "\(configuration.deadLetterAfterAttempts)", "error": "\(refusal.reason)",
            ]
            guard attempts >= configuration.deadLetterAfterAttempts else {
                logger.warning("the broker refused an outbox event; it will be retried", metadata: metadata)
                continue
            }
            do {
                // Not cancellable, like marking delivered: the decision is recorded even while shutting down.
                let store = self.store
                let done = try await Task {
                    try await store.deadLetter(eventID: refusal.eventID, attempts: attempts, reason: refusal.reason)
                }.value
                refusals.forget([refusal.eventID])
                if done {
                    moved += 1
                    logger.error(
                        "moved an outbox event the broker kept refusing to the dead letters; later events flow",
                        metadata: metadata)
                }
            } catch {
                logger.warning(
                    "moving a refused outbox event to the dead letters failed; it will be retried",
                    metadata: metadata.merging(["store.error": "\(error)"]) { first, _ in first })
            }
        }
        return moved
    }

    /// What a batch achieved.
    struct BatchResult: Sendable {
        var delivered: [Int64] = []
        var publications = 0
        /// Transient failures (broker down, connection lost): the event waits, however long.
        var failures = 0
        /// Publications the broker refused.
        var refused: [PublishRefusal] = []
    }

    /// Publishes `deliveries` as one batch: every publication is handed to the client in outbox order before
    /// any acknowledgement is awaited, and one wait covers them all. The client sends them in that order on
    /// its one connection (and again in that order after a reconnect), and the broker forwards each topic's
    /// messages in the order it received them, so the first arrival of every event the broker accepts is in
    /// outbox order, hence in stream order. A stream's delivered events are the prefix before its first
    /// failure: the events after a failure, even those acknowledged, are sent again in a later pass
    /// (duplicates a consumer drops by event id).
    func publish(_ deliveries: [RelayDelivery]) async -> BatchResult {
        var messages: [MQTTPublication] = []
        messages.reserveCapacity(deliveries.count * 2)
        for delivery in deliveries { messages += delivery.publications }
        let results = await client.publish(messages)
        var result = BatchResult()
        var stopped: Set<String> = []
        var offset = 0
        for delivery in deliveries {
            let outcomes = results[offset..<(offset + delivery.publications.count)]
            offset += delivery.publications.count
            guard !stopped.contains(delivery.orderingKey) else { continue }
            var failure: (any Error)?
            for case .failure(let error) in outcomes {
                failure = error
                break
            }
            guard let failure else {
                result.delivered.append(delivery.eventID)
                result.publications += delivery.publications.count
                continue
            }
            stopped.insert(delivery.orderingKey)
            if failure is CancellationError || Task.isCancelled { continue }
            if let refusal = PublishRefusal(eventID: delivery.eventID, error: failure) {
                result.refused.append(refusal)
            } else {
                result.failures += 1
                logger.warning(
                    "publishing an outbox event failed; it will be retried",
                    metadata: ["outbox.event_id": "\(delivery.eventID)", "error": "\(failure)"]
                )
            }
        }
        result.delivered.sort()
        return result
    }

    /// The publications of one outbox row: its outbox topic; for a job status change also the job's retained
    /// status and, when ``OutboxRelayConfiguration/lineage`` builds one, its OpenLineage RunEvent. Every event is
    /// routed by its outbox routing columns (``PendingOutboxEvent/routing``: job, type, status); only the events
    /// OpenLineage needs are decoded (job status changes other than STARTING, and job-created events for the
    /// lineage context). A payload that is not a Batchwire event still goes to its outbox topic, ordered with
    /// the other events of that topic.
    func prepare(_ row: PendingOutboxEvent, contexts: inout LineageContextCache) async -> RelayDelivery {
        let payload = Array(row.payload.utf8)
        var publications = [MQTTPublication(topic: row.topic, payload: payload)]
        guard let routing = row.routing else {
            return RelayDelivery(eventID: row.id, orderingKey: "topic:" + row.topic, publications: publications)
        }
        let isStatusChange = routing.eventType == .jobStatusChanged
        if configuration.lineage != nil
            && (routing.eventType == .jobCreated || (isStatusChange && routing.status != .starting))
        {
            return await prepareDecoded(row, payload: payload, isStatusChange: isStatusChange, contexts: &contexts)
        }
        // The publications of `MQTTTopics.publications(for:)`: the job's events topic, and for a job status change
        // its retained status.
        let events = configuration.topics.events(job: routing.jobName)
        if events != row.topic { publications.append(MQTTPublication(topic: events, payload: payload)) }
        if isStatusChange {
            publications.append(
                MQTTPublication(topic: configuration.topics.status(job: routing.jobName), payload: payload, retain: true))
        }
        // One stream per job, not per execution: that keeps each execution's order (its `orderingKey`) and also the
        // order of the job's retained status across its executions.
        return RelayDelivery(eventID: row.id, orderingKey: "topic:" + events, publications: publications)
    }

    /// ``prepare(_:contexts:)`` for an event it must decode. A job status change as Batchwire writes it is read
    /// by ``StatusChangePayload``; anything else, or what that reader does not take, by the `JSONDecoder`.
    private func prepareDecoded(
        _ row: PendingOutboxEvent, payload: [UInt8], isStatusChange: Bool, contexts: inout LineageContextCache
    ) async -> RelayDelivery {
        var publications = [MQTTPublication(topic: row.topic, payload: payload)]
        let read = isStatusChange ? StatusChangePayload.decode(payload).map(BatchwireEvent.jobStatusChanged) : nil
        guard let event = read ?? (try? BatchwireEvent(jsonData: Data(payload))) else {
            return RelayDelivery(eventID: row.id, orderingKey: "topic:" + row.topic, publications: publications)
        }
        for publication in configuration.topics.publications(for: event) where publication.topic != row.topic {
            publications.append(MQTTPublication(topic: publication.topic, payload: payload, retain: publication.retain))
        }
        if case .jobCreated(let created) = event {
            contexts.remember(created)
        }
        if let builder = configuration.lineage, case .jobStatusChanged(let change) = event {
            let context = await contexts.context(for: change.jobExecutionId, logger: logger)
            if let runEvent = builder.runEvent(for: change, context: context),
                let json = try? runEvent.jsonData()
            {
                publications.append(
                    MQTTPublication(topic: configuration.topics.lineage(job: event.jobName), payload: Array(json)))
            }
        }
        // One stream per job, not per execution: that keeps each execution's order (its
        // `orderingKey`) and also the order of the job's retained status across its executions.
        let key = "topic:" + configuration.topics.events(job: event.jobName)
        return RelayDelivery(eventID: row.id, orderingKey: key, publications: publications)
    }

    // MARK: Waiting

    /// Waits `duration` on the clock, or less when ``notify()`` is called or the task is cancelled.
    private func waitForWork(_ duration: Duration) async {
        guard duration > .zero else {
            await Task.yield()
            return
        }
        let clock = self.clock
        let wake = self.wake
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(for: duration) }
            group.addTask { await wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// `backoffMinimum × 2^(failures-1)`, at most `backoffMaximum`.
    private func backoff(after failures: Int) -> Duration {
        var wait = configuration.backoffMinimum
        for _ in 1..<max(1, min(failures, 30)) {
            wait = wait * 2
            if wait >= configuration.backoffMaximum { return configuration.backoffMaximum }
        }
        return min(wait, configuration.backoffMaximum)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

extension OutboxRelay where C == ContinuousClock {
    /// A relay on the continuous clock.
    ///
    /// - Parameters:
    ///   - store: the outbox (``MetadataStore/state``).
    ///   - client: a connected MQTT client.
    ///   - configuration: topics, intervals, backoff and retention.
    ///   - logger: where failures (warning) and passes (trace) are logged.
    public convenience init(
        store: BatchwireStateStore,
        client: MQTTClient,
        configuration: OutboxRelayConfiguration,
        logger: Logger
    ) {
        self.init(store: store, client: client, configuration: configuration, clock: ContinuousClock(), logger: logger)
    }
}
