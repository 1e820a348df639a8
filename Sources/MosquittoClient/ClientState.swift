/// The client's mutable state, kept in one `Mutex` by ``ClientCore``. Its methods only change the
/// value and return what the caller must do once the lock is released (resume a continuation,
/// send a SUBSCRIBE); they never call libmosquitto or resume anything themselves.
struct ClientState: ~Copyable {
    typealias MessageContinuation = AsyncThrowingStream<MQTTMessage, any Error>.Continuation
    typealias AckContinuation = CheckedContinuation<AckResult, any Error>

    // MARK: Connection

    enum Phase {
        case idle
        /// Waiting for the first CONNACK.
        case connecting
        case connected
        case reconnecting
        case closed
    }

    var phase: Phase = .idle
    /// `connect()`'s parked continuation. The first CONNACK may come before it is parked: then the
    /// outcome waits in ``connectOutcome``.
    var connectWaiter: CheckedContinuation<Void, any Error>?
    var connectOutcome: Result<Void, MQTTError>?
    /// Why the latest connection attempt failed, for the message of a connect timeout.
    var lastConnectionError: MQTTError?
    var observers: [UInt64: AsyncStream<MQTTConnectionState>.Continuation] = [:]
    private var nextObserverID: UInt64 = 1

    var publicState: MQTTConnectionState {
        switch phase {
        case .idle: .idle
        case .connecting: .connecting
        case .connected: .connected
        case .reconnecting: .reconnecting
        case .closed: .closed
        }
    }

    /// Moves to `phase` and tells the observers if the public state changed. Called under the lock:
    /// yielding to an `AsyncStream` never blocks and never re-enters the lock.
    mutating func setPhase(_ newPhase: Phase) {
        let before = publicState
        phase = newPhase
        let after = publicState
        if before != after {
            for observer in observers.values { observer.yield(after) }
        }
    }

    mutating func addObserver(_ continuation: AsyncStream<MQTTConnectionState>.Continuation) -> UInt64 {
        let id = nextObserverID
        nextObserverID += 1
        observers[id] = continuation
        return id
    }

    // MARK: Acknowledgements, keyed by message id

    /// What the broker answered to a PUBLISH (QoS >= 1), SUBSCRIBE or UNSUBSCRIBE.
    enum AckResult: Sendable {
        case published(reasonCode: Int32)
        case subscribed(grantedQoS: [Int32])
        case unsubscribed
    }

    enum AckKind { case publish, subscribe, unsubscribe }

    enum PendingAck {
        /// The acknowledgement came before the caller registered for it.
        case arrived(AckResult)
        case waiting(AckKind, AckContinuation)
        /// A SUBSCRIBE the client sent by itself after a reconnect.
        case resubscribe(filter: String)
        /// Message `index` of the batch publish `batch` (see ``batches``).
        case batched(batch: UInt64, index: Int)
        /// Nobody waits: a QoS 0 publish (its "ack" is the write; cleared on disconnect, when unwritten
        /// QoS 0 packets are dropped) or a caller that was cancelled.
        case discard(clearOnDisconnect: Bool)
    }

    var acks: [Int32: PendingAck] = [:]
    /// The batch publishes waiting for acknowledgements, by batch id (``ClientState+Batches.swift``).
    var batches: [UInt64: PendingBatch] = [:]
    var nextBatchID: UInt64 = 1

    /// Registers a caller for message id `mid`. Returns the result to resume with at once when the
    /// acknowledgement already arrived, or when the task is already cancelled.
    mutating func claim(_ mid: Int32, kind: AckKind, continuation: AckContinuation) -> Result<AckResult, any Error>? {
        if Task.isCancelled {
            if case .arrived = acks[mid] { acks[mid] = nil } else { acks[mid] = .discard(clearOnDisconnect: false) }
            return .failure(CancellationError())
        }
        if case .arrived(let result) = acks[mid] {
            acks[mid] = nil
            return .success(result)
        }
        if case .closed = phase {
            return .failure(MQTTError(code: .closed, operation: "\(kind)"))
        }
        acks[mid] = .waiting(kind, continuation)
        return nil
    }

    /// Marks message id `mid` as one nobody waits for (QoS 0 publish, fire-and-forget UNSUBSCRIBE).
    mutating func claimDiscarding(_ mid: Int32, clearOnDisconnect: Bool) {
        if case .arrived = acks[mid] { acks[mid] = nil } else { acks[mid] = .discard(clearOnDisconnect: clearOnDisconnect) }
    }

    /// The caller of `mid` was cancelled: returns its continuation to resume with `CancellationError`.
    mutating func abandon(_ mid: Int32) -> AckContinuation? {
        guard case .waiting(_, let continuation) = acks[mid] else { return nil }
        acks[mid] = .discard(clearOnDisconnect: false)
        return continuation
    }

    enum ArrivalAction {
        case resume(AckContinuation, AckResult)
        case resumeBatch(BatchContinuation, [BatchOutcome])
        case resubscribed(filter: String, AckResult)
    }

    /// An acknowledgement for `mid` arrived from the broker.
    mutating func ackArrived(_ mid: Int32, _ result: AckResult) -> ArrivalAction? {
        switch acks[mid] {
        case nil, .arrived:
            acks[mid] = .arrived(result)
            return nil
        case .waiting(_, let continuation):
            acks[mid] = nil
            return .resume(continuation, result)
        case .resubscribe(let filter):
            acks[mid] = nil
            return .resubscribed(filter: filter, result)
        case .batched(let batch, let index):
            acks[mid] = nil
            return batchAckArrived(batch, index: index, result)
        case .discard:
            acks[mid] = nil
            return nil
        }
    }

    // MARK: Subscriptions

    struct Subscription {
        let filter: String
        /// The MQTT 5 subscription identifier sent with every SUBSCRIBE of this filter; the broker
        /// attaches it to each message the filter matched, which routes the message.
        let identifier: UInt32
        var qos: MQTTQoS
        var options: MQTTSubscribeOptions
        var consumers: [UInt64: MessageContinuation] = [:]
    }

    var subscriptions: [String: Subscription] = [:]
    var filterByIdentifier: [UInt32: String] = [:]
    private var nextSubscriptionIdentifier: UInt32 = 1
    private var nextConsumerID: UInt64 = 1

    /// Adds a consumer for `filter`, creating the subscription if needed. Returns the consumer's id
    /// and the subscription identifier and QoS to send in the SUBSCRIBE.
    mutating func addConsumer(
        filter: String, qos: MQTTQoS, options: MQTTSubscribeOptions, continuation: MessageContinuation
    ) -> (consumer: UInt64, identifier: UInt32, qos: MQTTQoS) {
        let consumer = nextConsumerID
        nextConsumerID += 1
        if subscriptions[filter] == nil {
            let identifier = nextSubscriptionIdentifier
            nextSubscriptionIdentifier = nextSubscriptionIdentifier >= 268_435_455 ? 1 : nextSubscriptionIdentifier + 1
            subscriptions[filter] = Subscription(filter: filter, identifier: identifier, qos: qos, options: options)
            filterByIdentifier[identifier] = filter
        }
        subscriptions[filter]!.consumers[consumer] = continuation
        subscriptions[filter]!.qos = max(subscriptions[filter]!.qos, qos)
        let subscription = subscriptions[filter]!
        return (consumer, subscription.identifier, subscription.qos)
    }

    /// Removes one consumer. Returns true when it was the filter's last one: the subscription is gone
    /// and the caller should send an UNSUBSCRIBE.
    mutating func removeConsumer(filter: String, consumer: UInt64) -> Bool {
        guard var subscription = subscriptions[filter],
            subscription.consumers.removeValue(forKey: consumer) != nil
        else { return false }
        if subscription.consumers.isEmpty {
            subscriptions[filter] = nil
            filterByIdentifier[subscription.identifier] = nil
            return true
        }
        subscriptions[filter] = subscription
        return false
    }

    /// Removes a whole subscription; returns its consumers so the caller can finish their streams.
    mutating func removeSubscription(filter: String) -> [MessageContinuation] {
        guard let subscription = subscriptions.removeValue(forKey: filter) else { return [] }
        filterByIdentifier[subscription.identifier] = nil
        return Array(subscription.consumers.values)
    }

    /// The consumers a received message goes to: those of the subscriptions whose identifiers the
    /// broker attached, or, if it attached none this client knows, of every subscription whose filter matches the topic.
    func consumers(for message: MQTTMessage, matches: (String, String) -> Bool) -> [MessageContinuation] {
        var filters: [String] = message.subscriptionIdentifiers.compactMap { filterByIdentifier[$0] }
        // No identifier, or only identifiers of an earlier process's session (a kept session delivers what it
        // queued under the old numbers): match the topic instead.
        if filters.isEmpty {
            filters = subscriptions.keys.filter { matches($0, message.topic) }
        }
        return filters.flatMap { subscriptions[$0].map { Array($0.consumers.values) } ?? [] }
    }

    // MARK: Connection events

    /// The connection dropped (or a connection attempt failed). Returns the continuations of the
    /// SUBSCRIBE and UNSUBSCRIBE calls in flight, which will never be acknowledged.
    mutating func connectionLost(_ error: MQTTError) -> [AckContinuation] {
        lastConnectionError = error
        if case .connected = phase { setPhase(.reconnecting) }
        var failed: [AckContinuation] = []
        for (mid, pending) in acks {
            switch pending {
            case .waiting(.subscribe, let continuation), .waiting(.unsubscribe, let continuation):
                failed.append(continuation)
                acks[mid] = nil
            case .resubscribe, .discard(clearOnDisconnect: true):
                acks[mid] = nil
            case .waiting(.publish, _), .batched, .arrived, .discard(clearOnDisconnect: false):
                // QoS >= 1 publishes stay queued in libmosquitto and are sent again after the reconnect.
                break
            }
        }
        return failed
    }

    /// `disconnect()`: returns everything to finish or fail.
    struct Closed {
        let acks: [AckContinuation]
        let consumers: [MessageContinuation]
        let observers: [AsyncStream<MQTTConnectionState>.Continuation]
        let connectWaiter: CheckedContinuation<Void, any Error>?
        /// Batch publishes still waiting: their continuations and outcomes so far (`pending` ones fail).
        let batches: [(BatchContinuation, [BatchOutcome])]
    }

    mutating func close() -> Closed {
        let waiter = connectWaiter
        connectWaiter = nil
        setPhase(.closed)
        let pending = acks.values.compactMap { pending -> AckContinuation? in
            if case .waiting(_, let continuation) = pending { return continuation }
            return nil
        }
        acks = [:]
        let waitingBatches = batches.values.map { ($0.continuation, $0.outcomes) }
        batches = [:]
        let consumers = subscriptions.values.flatMap { $0.consumers.values }
        subscriptions = [:]
        filterByIdentifier = [:]
        let observers = Array(self.observers.values)
        self.observers = [:]
        return Closed(
            acks: pending, consumers: consumers, observers: observers, connectWaiter: waiter, batches: waitingBatches)
    }
}
